package io.rewind.executor.action;

import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.testing.PostgresResource;
import io.rewind.executor.ScratchDatabaseResource;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code postgres.downMigration} on a real PostgreSQL database migrated by real Flyway: V1 creates {@code orders}, V2
 * (the release being rolled back) adds {@code orders.coupon_code} and the {@code coupons} table. The database is a
 * {@code postgres} target whose password is a file the test writes, as a mounted Secret would be.
 */
@QuarkusTest
class PostgresDownMigrationTest {

    private static final String PASSWORD = "scratch-db-password-7f3a";
    private static final String DOWN = "DROP TABLE coupons;\nALTER TABLE orders DROP COLUMN coupon_code;";

    @Inject
    ExecutionWorker worker;

    @TempDir
    Path migrations;

    @TempDir
    Path secrets;

    private Flyway flyway;
    private String scratch;

    @BeforeEach
    void migrateTheScratchDatabaseToV2() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        }
        Files.writeString(migrations.resolve("V1__orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);");
        Files.writeString(migrations.resolve("V2__coupon_code.sql"),
                "ALTER TABLE orders ADD COLUMN coupon_code text;\nCREATE TABLE coupons (code text PRIMARY KEY);");
        flyway = Flyway.configure()
                .dataSource(ScratchDatabaseResource.jdbcUrl(), PostgresResource.USER, PostgresResource.USER)
                .locations("filesystem:" + migrations)
                .load();
        flyway.migrate();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO orders (id, total, coupon_code) VALUES (1, 42.50, 'SPRING')");
        }
        // The embedded server trusts local connections, so any password connects; a distinctive one shows where it goes.
        Path password = secrets.resolve("scratch-password");
        Files.writeString(password, PASSWORD + "\n");
        scratch = TestTargets.define(TargetKind.POSTGRES, Map.of("url", ScratchDatabaseResource.jdbcUrl(),
                "username", PostgresResource.USER, "password", Map.of("file", password.toString())));
    }

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(ScratchDatabaseResource.jdbcUrl(), PostgresResource.USER, PostgresResource.USER);
    }

    private static Map<String, Object> step(String target, String script, Object before, Object after) {
        return TestPlans.step("down", StepKind.POSTGRES_DOWN_MIGRATION.id(), target, Map.of(
                "script", script, "expectedVersionBefore", before, "expectedVersionAfter", after));
    }

    private String run(Map<String, Object> step) throws Exception {
        String id = start(inline(TestPlans.newName("orders"), List.of(step))).statusCode(202).extract().path("id");
        runToEnd(worker, id);
        return id;
    }

    private static List<String> columns(String table) throws Exception {
        List<String> columns = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                        + " AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private static List<String> history() throws Exception {
        List<String> versions = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    @Test
    void theScriptRunsAndFlywaySeesTheSchemaBackAtTheEarlierVersion() throws Exception {
        String id = run(step(scratch, DOWN, "2", 1));

        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body(not(containsString(PASSWORD)))
                .body("steps[0].before.version", equalTo("2"))
                .body("steps[0].after.version", equalTo("1"))
                .body("steps[0].after.removed[0].version", equalTo("2"))
                .body("steps[0].after.removed[0].script", equalTo("V2__coupon_code.sql"))
                .body("steps[0].output", containsString("schema version 2 -> 1"));
        assertEquals(List.of("id", "total"), columns("orders"), "the column is gone, the data of the other columns stays");
        assertEquals(List.of(), columns("coupons"), "the table is gone");
        assertEquals(List.of("1"), history());
        assertEquals("1", flyway.info().current().getVersion().getVersion(), "Flyway agrees");
        assertEquals(1, flyway.info().pending().length, "V2 is pending again, for the re-release");

        // Run again, as a step resumed after its worker died would: the version says it is done, the script is not run.
        String again = run(step(scratch, DOWN, "2", "1"));
        TestExecutions.get(again).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("already at version 1"));

        flyway.migrate();
        assertEquals(List.of("id", "total", "coupon_code"), columns("orders"), "the re-release migrates forward again");
    }

    @Test
    void aWrongExpectedVersionFailsAndChangesNothing() throws Exception {
        String id = run(step(scratch, DOWN, "5", "4"));

        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].status", equalTo("FAILED"))
                .body("steps[0].error", containsString("is at schema version 2, not 5"));
        assertEquals(List.of("id", "total", "coupon_code"), columns("orders"));
        assertFalse(columns("coupons").isEmpty());
        assertEquals(List.of("1", "2"), history());
    }

    @Test
    void aFailingScriptIsRolledBackWhole() throws Exception {
        String id = run(step(scratch, "DROP TABLE coupons;\nALTER TABLE orders DROP COLUMN no_such_column;",
                "2", "1"));

        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("rolled back, nothing changed"))
                .body("steps[0].error", containsString("no_such_column"));
        assertFalse(columns("coupons").isEmpty(), "the statement that succeeded was rolled back with the one that failed");
        assertEquals(List.of("id", "total", "coupon_code"), columns("orders"));
        assertEquals(List.of("1", "2"), history());
    }

    @Test
    void aDryRunSaysWhatItWouldDoAndChangesNothing() throws Exception {
        String id = start(TestExecutions.dryRun(inline(TestPlans.newName("orders"),
                List.of(step(scratch, DOWN, 2, 1))))).statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("would run the down-migration script"))
                .body("steps[0].output", containsString("from version 2 to 1"));
        assertEquals(List.of("id", "total", "coupon_code"), columns("orders"));
        assertEquals(List.of("1", "2"), history());
    }

    @Test
    void aPasswordTheExecutorCannotReadFailsNamingItsReferenceAndChangesNothing() throws Exception {
        Path missing = secrets.resolve("not-mounted");
        String target = TestTargets.define(TargetKind.POSTGRES, Map.of("url", ScratchDatabaseResource.jdbcUrl(),
                "username", PostgresResource.USER, "password", Map.of("file", missing.toString())));

        String id = run(step(target, DOWN, "2", "1"));

        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("the password of database '" + target + "' is read from file "
                        + missing + ", which is not set, unreadable or empty"));
        assertTrue(columns("orders").contains("coupon_code"));
        assertEquals(List.of("1", "2"), history());
    }

    @Test
    void aStepCannotNameADatabaseAConnectionOrACredentialAndNothingRuns() throws Exception {
        Map<String, Object> hostile = Map.of(
                "database", "postgres",
                "url", PostgresResource.jdbcUrl(),
                "username", PostgresResource.USER,
                "historyTable", "executor.flyway_schema_history",
                "password", PostgresResource.USER);
        for (Map.Entry<String, Object> extra : hostile.entrySet()) {
            Map<String, Object> params = new java.util.HashMap<>(Map.of("script", DOWN, "expectedVersionBefore", "2",
                    "expectedVersionAfter", "1"));
            params.put(extra.getKey(), extra.getValue());
            String service = TestPlans.newName("orders");

            start(inline(service, List.of(TestPlans.step("down", StepKind.POSTGRES_DOWN_MIGRATION.id(), scratch, params))))
                    .statusCode(400)
                    .body("errors.field", hasItem("steps[0].params." + extra.getKey()))
                    .body("errors.message", hasItem(extra.getKey().equals("password")
                            ? containsString("looks like a secret")
                            : containsString("is not a parameter of postgres.downMigration")));

            assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", service));
        }
        worker.runPending();
        assertEquals(List.of("id", "total", "coupon_code"), columns("orders"));
        assertFalse(columns("coupons").isEmpty());
        assertEquals(List.of("1", "2"), history());
    }
}
