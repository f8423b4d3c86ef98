package io.rewind.backup.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.rewind.backup.DatabaseSettings;

/**
 * What a backup records about its database, and what a verification compares after restoring it: the critical
 * tables' row counts and the Flyway schema version. The same queries run on both sides, so they agree by construction.
 */
final class Snapshots {

    private Snapshots() {
    }

    /** The server's version from {@code server_version_num}: 150004 → "15.4" (10 and later number minors only). */
    static String serverVersion(Connection connection) throws SQLException {
        int number = Integer.parseInt(single(connection, "SHOW server_version_num"));
        return (number / 10000) + "." + (number % 10000);
    }

    /**
     * Row counts of the critical tables. The names were checked against {@link DatabaseSettings#TABLE_NAME} when the
     * database was registered, so they are safe to put into SQL as they are.
     *
     * @throws SQLException naming the table, when one does not exist
     */
    /** Fails, naming it, on the first critical table that is not a plain name or does not exist: before any dump. */
    static void checkTables(Connection connection, List<String> tables) throws SQLException {
        for (String table : tables) {
            if (!DatabaseSettings.TABLE_NAME.matcher(table).matches()) {
                throw new SQLException("critical table '" + table + "' is not a plain table name");
            }
            try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?)")) {
                statement.setString(1, table);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next() || rows.getString(1) == null) {
                        throw new SQLException("critical table " + table + ": relation \"" + table + "\" does not exist");
                    }
                }
            }
        }
    }

    static Map<String, Long> countRows(Connection connection, List<String> tables) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : tables) {
            if (!DatabaseSettings.TABLE_NAME.matcher(table).matches()) {
                throw new SQLException("critical table '" + table + "' is not a plain table name");
            }
            try {
                counts.put(table, Long.parseLong(single(connection, "SELECT count(*) FROM " + table)));
            } catch (SQLException e) {
                throw new SQLException("critical table " + table + ": " + e.getMessage(), e.getSQLState(), e);
            }
        }
        return counts;
    }

    /**
     * The newest successful version in {@code flyway_schema_history}: of the first listed schema that has one, or,
     * without a list, of {@code public} or else the first schema by name that has one. Empty when none has.
     */
    static Optional<String> schemaVersion(Connection connection, Optional<List<String>> schemas) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT table_schema FROM information_schema.tables"
                + " WHERE table_name = 'flyway_schema_history' ORDER BY table_schema <> 'public', table_schema")) {
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        List<String> order = schemas.orElse(found);
        for (String schema : order) {
            if (!found.contains(schema)) {
                continue;
            }
            String quoted = "\"" + schema.replace("\"", "\"\"") + "\"";
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT version FROM " + quoted + ".flyway_schema_history"
                            + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
                if (rows.next()) {
                    return Optional.of(rows.getString(1));
                }
            }
        }
        return Optional.empty();
    }

    static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
