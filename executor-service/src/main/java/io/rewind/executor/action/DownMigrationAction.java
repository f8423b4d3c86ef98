package io.rewind.executor.action;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.StepKind;
import io.rewind.executor.params.DownMigrationParams;
import io.rewind.executor.target.PostgresTarget;

/**
 * {@code postgres.downMigration}: runs a reviewed down script and moves the Flyway schema version back, in one
 * transaction. Inside it, the schema history is locked against a concurrent Flyway, its version must be
 * {@code expectedVersionBefore}, the script runs, and the history rows installed after the newest
 * {@code expectedVersionAfter} row are deleted, so the version is {@code expectedVersionAfter} and Flyway sees the
 * rolled-back migrations as pending again (a re-release applies them anew; marking them failed instead would make
 * Flyway refuse to migrate). Any error rolls everything back and fails the step with PostgreSQL's message.
 *
 * <p>A step resumed after its worker died finds the version already at {@code expectedVersionAfter} and does not run the
 * script again. Not compensable: undoing a down-migration is the release's own migration.
 *
 * <p>The connection comes from the step's {@code postgres} target (JDBC URL, user, the password's secret reference and
 * the history table); messages name the database by the target's name. The password is read from its reference at
 * each connection and goes nowhere but the driver; a reference that gives no value fails the step naming the
 * reference. The script must not contain {@code COMMIT} or {@code BEGIN}, which would end the one transaction early.
 * Every statement is bounded by what is left of the step's timeout.
 */
@ApplicationScoped
public class DownMigrationAction implements StepAction {

    private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_$]*\\.)?[A-Za-z_][A-Za-z0-9_$]*");
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    @Override
    public StepKind kind() {
        return StepKind.POSTGRES_DOWN_MIGRATION;
    }

    /** The database as messages name it: the step's target. */
    private static String database(StepContext context) {
        return context.target().name();
    }

    private static DownMigrationParams params(StepContext context) {
        return context.params(DownMigrationParams.class);
    }

    /** Equal as Flyway compares versions: by numeric parts, ignoring trailing zero parts ("1.4" is "1.4.0"). */
    static boolean sameVersion(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        String[] left = a.split("[._]");
        String[] right = b.split("[._]");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            String l = i < left.length ? left[i] : "0";
            String r = i < right.length ? right[i] : "0";
            if (!l.matches("\\d+") || !r.matches("\\d+")) {
                return false;
            }
            if (!new BigInteger(l).equals(new BigInteger(r))) {
                return false;
            }
        }
        return true;
    }

    private static PostgresTarget target(StepContext context) {
        PostgresTarget database = context.target(PostgresTarget.class);
        if (!TABLE.matcher(database.historyTable()).matches()) {
            throw new StepFailure("the historyTable of target '" + database(context) + "' is not a table name");
        }
        return database;
    }

    private static Connection connect(StepContext context, PostgresTarget database) {
        return connect(database(context), database, "postgres.downMigration");
    }

    /**
     * A connection to {@code database}, the database of target {@code name}, as {@code ApplicationName}
     * "rewind-executor {@code purpose}"; failing to get one may pass (the database restarting), so it is retried.
     */
    static Connection connect(String name, PostgresTarget database, String purpose) {
        Properties properties = new Properties();
        properties.setProperty("user", database.username());
        SecretReference password = database.password();
        if (password != null) {
            properties.setProperty("password", password.resolve().orElseThrow(() -> new StepFailure(
                    "the password of database '" + name + "' is read from " + password.describe()
                            + ", which is not set, unreadable or empty on executor-service; nothing was run")));
        }
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("ApplicationName", "rewind-executor " + purpose);
        try {
            return DriverManager.getConnection(database.url(), properties);
        } catch (SQLException e) {
            throw new IllegalStateException("could not connect to database '" + name + "': " + e.getMessage(), e);
        }
    }

    private record HistoryRow(int rank, String version, String description, String script) {

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("version", version);
            map.put("description", description);
            map.put("script", script);
            return map;
        }
    }

    /** Successful versioned migrations, newest first (repeatable ones have no version and do not count). */
    private static List<HistoryRow> history(Connection connection, String table) throws SQLException {
        List<HistoryRow> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT installed_rank, version, description, script FROM " + table
                        + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC")) {
            while (rs.next()) {
                rows.add(new HistoryRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return rows;
    }

    private static String current(List<HistoryRow> history) {
        return history.isEmpty() ? null : history.get(0).version();
    }

    /** The rows a down-migration to {@code after} removes: those above the newest row of {@code after}. */
    private List<HistoryRow> rolledBack(StepContext context, List<HistoryRow> history, String after) {
        for (int i = 0; i < history.size(); i++) {
            if (sameVersion(history.get(i).version(), after)) {
                return history.subList(0, i);
            }
        }
        throw new StepFailure("version " + after + " is not in the schema history of database '" + database(context)
                + "': the schema cannot be moved back to it; nothing changed");
    }

    private StepFailure refusal(StepContext context, SQLException e, PostgresTarget database) {
        if ("42P01".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().contains(database.historyTable())) {
            return new StepFailure("database '" + database(context) + "' has no Flyway schema history ("
                    + database.historyTable() + ")");
        }
        return new StepFailure(e.getMessage());
    }

    /** An error on the connection itself (SQLSTATE class 08) may pass; anything else is the script's or the schema's. */
    private static boolean connectionLost(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        PostgresTarget database = target(context);
        try (Connection connection = connect(context, database)) {
            Map<String, Object> before = new HashMap<>();
            before.put("database", database(context));
            before.put("version", current(history(connection, database.historyTable())));
            return before;
        } catch (SQLException e) {
            throw connectionLost(e) ? new IllegalStateException(e.getMessage(), e) : refusal(context, e, database);
        }
    }

    @Override
    public Preview dryRun(StepContext context) {
        PostgresTarget database = target(context);
        String before = params(context).expectedVersionBefore();
        String after = params(context).expectedVersionAfter();
        try (Connection connection = connect(context, database)) {
            connection.setReadOnly(true);
            List<HistoryRow> history = history(connection, database.historyTable());
            String now = current(history);
            Map<String, Object> state = new HashMap<>();
            state.put("database", database(context));
            state.put("version", now);
            if (sameVersion(now, after)) {
                return new Preview(state, state, "database '" + database(context) + "' is already at version " + now
                        + ": nothing to change");
            }
            if (!sameVersion(now, before)) {
                throw new StepFailure(wrongVersion(context, now, before));
            }
            List<String> removed = rolledBack(context, history, after).stream().map(HistoryRow::version).toList();
            return new Preview(state, Map.of("database", database(context), "version", after),
                    "would run the down-migration script (" + params(context).script().length() + " characters) on database '"
                            + database(context) + "' in one transaction, moving its schema from version " + now + " to "
                            + after + " and removing the schema-history rows of versions " + removed);
        } catch (SQLException e) {
            throw connectionLost(e) ? new IllegalStateException(e.getMessage(), e) : refusal(context, e, database);
        }
    }

    private static String wrongVersion(StepContext context, String now, String before) {
        return "database '" + database(context) + "' is at schema version " + now + ", not " + before
                + " as the down-migration expects; nothing changed";
    }

    @Override
    public Outcome apply(StepContext context) {
        PostgresTarget database = target(context);
        String table = database.historyTable();
        String before = params(context).expectedVersionBefore();
        String after = params(context).expectedVersionAfter();
        try (Connection connection = connect(context, database)) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    Duration left = Duration.between(OffsetDateTime.now(ZoneOffset.UTC), context.deadline());
                    statement.execute("SET LOCAL statement_timeout = " + Math.max(1_000, left.toMillis()));
                    // Flyway writes the history under its own lock; this one keeps a migration from starting meanwhile.
                    statement.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
                }
                List<HistoryRow> history = history(connection, table);
                String now = current(history);
                if (sameVersion(now, after)) {
                    connection.rollback();
                    return new Outcome.Done(Map.of("database", database(context), "version", now),
                            "database '" + database(context) + "' is already at version " + now + ": nothing to run");
                }
                if (!sameVersion(now, before)) {
                    throw new StepFailure(wrongVersion(context, now, before));
                }
                List<HistoryRow> removed = rolledBack(context, history, after);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(params(context).script());
                }
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE version IS NOT NULL AND installed_rank > ?")) {
                    delete.setInt(1, history.get(removed.size()).rank());
                    delete.executeUpdate();
                }
                String moved = current(history(connection, table));
                if (!sameVersion(moved, after)) {
                    throw new StepFailure("after the script the schema history says version " + moved + ", not " + after
                            + "; rolled back, nothing changed");
                }
                connection.commit();
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("database", database(context));
                state.put("version", moved);
                state.put("removed", removed.stream().map(HistoryRow::asMap).toList());
                return new Outcome.Done(state, "ran the down-migration on database '" + database(context)
                        + "' in one transaction: schema version " + now + " -> " + moved
                        + "; removed the schema-history rows of versions "
                        + removed.stream().map(HistoryRow::version).toList());
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            if (connectionLost(e)) {
                // Committed or not, the next attempt reads the version first and does not run the script twice.
                throw new IllegalStateException("lost the connection to database '" + database(context) + "': "
                        + e.getMessage(), e);
            }
            StepFailure failure = refusal(context, e, database);
            return new Outcome.Failed("the down-migration on database '" + database(context)
                    + "' failed and was rolled back, nothing changed: " + failure.getMessage());
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // Closing the connection rolls the transaction back as well.
        }
    }

    /**
     * The step's parameters as they may be shown: a script that sets a role's password ({@code ALTER ROLE app PASSWORD
     * '...'}) shows the literal masked. The stored script is what runs.
     */
    @Override
    public Map<String, Object> shown(Map<String, Object> state) {
        if (!(state.get("script") instanceof String script)) {
            return state;
        }
        Map<String, Object> shown = new LinkedHashMap<>(state);
        shown.put("script", Masks.sql(script));
        return shown;
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        PostgresTarget database = target(context);
        String after = params(context).expectedVersionAfter();
        try (Connection connection = connect(context, database)) {
            String now = current(history(connection, database.historyTable()));
            return sameVersion(now, after) ? Check.ok("database '" + database(context) + "' is at schema version " + now)
                    : Check.failed("database '" + database(context) + "' is at schema version " + now + ", not " + after);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the schema version of database '" + database(context) + "': "
                    + e.getMessage(), e);
        }
    }
}
