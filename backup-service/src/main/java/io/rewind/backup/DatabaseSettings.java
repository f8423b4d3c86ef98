package io.rewind.backup;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import io.rewind.common.problem.Problem;
import io.rewind.common.secret.SecretReference;

/**
 * Everything an admin configures for one registered database, apart from its name.
 *
 * @param database the name of the database on the server, as pg_dump takes it
 * @param criticalTables tables ({@code orders} or {@code public.orders}) whose presence and row counts prove that a
 *        restore worked
 * @param backupCron when to take a backup: a Quartz cron expression, as {@code @Scheduled} reads it
 * @param verificationCron when to prove the newest backup restores: a Quartz cron expression
 * @param maxBackupAgeHours the database is ready for a data-losing rollback step only while its newest verified
 *        backup is younger than this
 * @param serviceRestores whether executor-service's key may restore a backup over this database (its
 *        {@code postgres.restore} steps); admins always may. Off unless an admin turns it on: a restore replaces
 *        everything the database holds, and a service key should open no more than the databases meant for it.
 */
public record DatabaseSettings(String host, int port, String database, String username, SecretReference password,
        List<String> criticalTables, String backupCron, String verificationCron, Retention retention,
        int maxBackupAgeHours, boolean serviceRestores) {

    /** The same default as the column {@code databases.max_backup_age_hours}. */
    public static final int DEFAULT_MAX_BACKUP_AGE_HOURS = 4;

    /** A table, optionally schema-qualified, in a form that needs no quoting when it is put into SQL. */
    public static final Pattern TABLE_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?$");

    private static final int MAX_TABLE_NAME = 127;
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final String CRON_SHAPE = "must be a Quartz cron expression: second minute hour day-of-month month"
            + " day-of-week [year], with '?' in day-of-month or day-of-week, e.g. '0 0 * * * ?' for hourly";

    public DatabaseSettings {
        // Kept as sent, nulls included, so that invalidFields() can name the offending element.
        criticalTables = criticalTables == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(criticalTables));
        retention = retention == null ? Retention.defaults() : retention;
    }

    /**
     * What bean validation cannot check with a field name a client can act on: the password reference, cron
     * expressions, which need the scheduler's parser, and each critical table by its index. Empty when valid.
     */
    public List<Problem.FieldError> invalidFields() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (password != null) {
            password.problem().ifPresent(problem -> errors.add(new Problem.FieldError("password", problem)));
        }
        checkCron("backupCron", backupCron, errors);
        checkCron("verificationCron", verificationCron, errors);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < criticalTables.size(); i++) {
            String table = criticalTables.get(i);
            String field = "criticalTables[" + i + "]";
            if (table == null || table.length() > MAX_TABLE_NAME || !TABLE_NAME.matcher(table).matches()) {
                errors.add(new Problem.FieldError(field,
                        "must be a table name, optionally schema-qualified, of letters, digits and '_' (e.g. public.orders)"));
            } else if (!seen.add(table)) {
                errors.add(new Problem.FieldError(field, "lists '" + table + "' a second time"));
            }
        }
        return errors;
    }

    private static void checkCron(String field, String expression, List<Problem.FieldError> errors) {
        if (expression == null) {
            return;
        }
        Cron cron;
        try {
            cron = QUARTZ.parse(expression);
            cron.validate();
        } catch (IllegalArgumentException e) {
            errors.add(new Problem.FieldError(field, CRON_SHAPE + reason(e)));
            return;
        } catch (RuntimeException e) {
            errors.add(new Problem.FieldError(field, CRON_SHAPE));
            return;
        }
        if (ExecutionTime.forCron(cron).nextExecution(ZonedDateTime.now(ZoneOffset.UTC)).isEmpty()) {
            errors.add(new Problem.FieldError(field, "never fires: no date from now on matches it"));
        }
    }

    /** cron-utils' own explanation ("Value 25 not in range [0, 23]"), without its boilerplate. */
    private static String reason(IllegalArgumentException e) {
        String message = e.getMessage();
        if (message == null || message.isBlank() || message.contains("Exception") || message.contains("java.")) {
            return "";
        }
        message = message.replace("Failed to parse cron expression.", "").strip();
        int repeated = message.indexOf("Invalid cron expression:");
        if (repeated >= 0) {
            // "Invalid cron expression: <the expression>. <why>": the client knows what it sent.
            int why = message.indexOf(". ", repeated);
            message = why < 0 ? "" : message.substring(why + 2).strip();
        }
        if (message.endsWith(".") || message.endsWith("!")) {
            message = message.substring(0, message.length() - 1);
        }
        return message.isEmpty() ? "" : " (" + message + ")";
    }
}
