package io.rewind.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rewind.common.problem.Problem;
import io.rewind.common.secret.SecretReference;

class DatabaseSettingsTest {

    private static DatabaseSettings settings(String backupCron, String verificationCron, String... tables) {
        return new DatabaseSettings("127.0.0.1", 5432, "shop", "shop", new SecretReference("SHOP_DB_PASSWORD", null),
                Arrays.asList(tables), backupCron, verificationCron, null, 4, false);
    }

    private static List<String> fields(DatabaseSettings settings) {
        return settings.invalidFields().stream().map(Problem.FieldError::field).toList();
    }

    @Test
    void quartzExpressionsAsTheSchedulerTakesThemAreValid() {
        for (String cron : List.of("0 0 * * * ?", "0 30 3 * * ?", "0 0/15 * ? * MON-FRI", "0 0 12 L * ?",
                "0 0 2 ? * SUN *", "0 0 0 1 1 ? 2099")) {
            assertEquals(List.of(), fields(settings(cron, cron, "orders", "public.orders")), cron);
        }
    }

    @Test
    void unixStyleMalformedAndNeverFiringExpressionsAreNamed() {
        for (String cron : List.of("0 3 * * *", "0 30 3 * * *", "0 0 25 * * ?", "every night", "0 0 0 30 2 ?",
                "0 0 0 1 1 ? 2001", "0 0 0 ? * MON#6")) {
            List<Problem.FieldError> errors = settings(cron, "0 0 * * * ?").invalidFields();
            assertEquals(List.of("backupCron"), errors.stream().map(Problem.FieldError::field).toList(), cron);
            assertTrue(errors.get(0).message().startsWith("must be a Quartz cron expression")
                    || errors.get(0).message().startsWith("never fires"), errors.get(0).message());
        }
    }

    @Test
    void criticalTablesMustBeNamesThatNeedNoQuotingInSql() {
        assertEquals(List.of("criticalTables[1]", "criticalTables[2]", "criticalTables[3]", "criticalTables[4]",
                "criticalTables[5]", "criticalTables[6]"),
                fields(settings("0 0 * * * ?", "0 0 * * * ?", "_audit.log_2024", "1orders", "public.", "a.b.c",
                        "orders; DROP TABLE users", "\"Orders\"", null)));
        assertEquals(List.of("criticalTables[1]"), fields(settings("0 0 * * * ?", "0 0 * * * ?", "orders", "orders")));
    }

    @Test
    void omittedRetentionAndTablesTakeDefaults() {
        DatabaseSettings settings = new DatabaseSettings("h", 5432, "d", "u", new SecretReference(null, "/s"), null,
                "0 0 * * * ?", "0 0 * * * ?", null, DatabaseSettings.DEFAULT_MAX_BACKUP_AGE_HOURS, false);
        assertEquals(Retention.defaults(), settings.retention());
        assertEquals(new Retention(null, null), Retention.defaults());
        assertEquals(List.of(), settings.criticalTables());
    }
}
