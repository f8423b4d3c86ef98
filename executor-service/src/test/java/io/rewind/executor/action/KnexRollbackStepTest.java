package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.KnexProject;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;
import io.rewind.executor.service.StepTargets;

/**
 * {@code migration.rollback} with real Knex ({@code knex migrate:rollback}, node-postgres) on a real PostgreSQL
 * database: the release's migration (adding {@code orders.coupon_code}, its own batch) is rolled back, the column is
 * gone and {@code knex_migrations} proves it, before and after; with the dry run, a failing rollback, a resumed step and
 * a cancelled one, each changing nothing it should not.
 */
@QuarkusTest
class KnexRollbackStepTest {

    @Inject
    ExecutionWorker worker;

    @Inject
    MigrationRollbackAction action;

    @Inject
    StepTargets targets;

    private KnexProject project;

    @BeforeEach
    void releaseTwoMigrations() throws Exception {
        project = new KnexProject();
        project.knex("migrate:up");
        project.knex("migrate:up");
        assertEquals(List.of(KnexProject.ORDERS, KnexProject.COUPON), project.applied());
        assertEquals(List.of("id", "code", "coupon_code"), project.columns("orders"));
    }

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private String target() throws Exception {
        return TestTargets.define(TargetKind.COMMANDS, project.spec("knex", Map.of(
                "knex-rollback", project.command(List.of("migrate:rollback"), Map.of()))));
    }

    private static Map<String, Object> rollback(String target, Map<String, Object> params) {
        return TestPlans.step("rollback", StepKind.MIGRATION_ROLLBACK.id(), target, params);
    }

    private String run(Map<String, Object> step) throws Exception {
        String id = start(inline(TestPlans.newName("orders"), List.of(step))).statusCode(202).extract().path("id");
        runToEnd(worker, id);
        return id;
    }

    @Test
    void rollsBackTheLastBatchAndTheMigrationTableProvesIt() throws Exception {
        String target = target();

        // Dry run: what would run and what the table would lose; nothing runs.
        String dry = start(TestExecutions.dryRun(inline(TestPlans.newName("orders"), List.of(rollback(target,
                Map.of("expectLatest", KnexProject.ORDERS)))))).statusCode(202).extract().path("id");
        runToEnd(worker, dry).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.applied", equalTo(List.of(KnexProject.ORDERS, KnexProject.COUPON)))
                .body("steps[0].after.applied", equalTo(List.of(KnexProject.ORDERS)))
                .body("steps[0].after.removed", equalTo(List.of(KnexProject.COUPON)))
                .body("steps[0].after.argv", equalTo(List.of(KnexProject.npx(), "--no-install", "knex",
                        "migrate:rollback", "--knexfile", "knexfile.js")))
                .body("steps[0].output", containsString("would run " + KnexProject.npx() + " --no-install knex"));
        assertEquals(List.of(KnexProject.ORDERS, KnexProject.COUPON), project.applied());
        assertEquals(List.of("id", "code", "coupon_code"), project.columns("orders"));

        String id = run(rollback(target, Map.of("command", "knex-rollback", "expectLatest", KnexProject.ORDERS)));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.table", equalTo("knex_migrations"))
                .body("steps[0].before.applied", equalTo(List.of(KnexProject.ORDERS, KnexProject.COUPON)))
                .body("steps[0].after.applied", equalTo(List.of(KnexProject.ORDERS)))
                .body("steps[0].after.latest", equalTo(KnexProject.ORDERS))
                .body("steps[0].after.removed", equalTo(List.of(KnexProject.COUPON)))
                .body("steps[0].after.exitStatus", equalTo(0))
                // Knex's own words, captured.
                .body("steps[0].output", containsString("Batch 2 rolled back: 1 migrations"))
                .body("steps[0].output", containsString("exit status 0"))
                .body(not(containsString(KnexProject.PASSWORD)));
        assertEquals(List.of(KnexProject.ORDERS), project.applied());
        assertEquals(List.of("id", "code"), project.columns("orders"));

        // The same step again: the table already says it is done, so nothing runs (else batch 1 would go too).
        String again = run(rollback(target, Map.of("expectLatest", KnexProject.ORDERS)));
        TestExecutions.get(again).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("the command was not run"));
        assertEquals(List.of(KnexProject.ORDERS), project.applied());
    }

    @Test
    void aFailingRollbackFailsTheStepWithKnexsOutputAndTheTableIsUnchanged() throws Exception {
        project.migration("20240130000000_drop_legacy.js", "knex.schema.dropTableIfExists('legacy')",
                "Promise.reject(new Error('cannot recreate legacy: its data is gone'))");
        project.knex("migrate:up");
        String target = target();
        String id = run(rollback(target, Map.of("expectRemoved", 1)));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("command 'knex-rollback' of target '" + target + "' failed"))
                .body("steps[0].error", containsString("cannot recreate legacy: its data is gone"))
                .body("steps[0].error", containsString("(exit status 1)"))
                .body("steps[0].error", containsString("holds 3 migrations, the newest 20240130000000_drop_legacy.js"));
        assertEquals(3, project.applied().size(), "Knex rolled its transaction back");
        assertEquals(List.of("id", "code", "coupon_code"), project.columns("orders"));
    }

    @Test
    void anExpectationTheTableCannotMeetIsRefusedBeforeAnythingRuns() throws Exception {
        String target = target();
        String id = run(rollback(target, Map.of("expectLatest", "20230101000000_never.js")));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("migration 20230101000000_never.js is not applied in knex_migrations"));
        id = run(rollback(target, Map.of("expectRemoved", 3)));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("holds 2 applied migrations; the step expects 3 to go"));
        assertEquals(List.of(KnexProject.ORDERS, KnexProject.COUPON), project.applied());
    }

    @Test
    void aResumedStepWhoseRollbackAlreadyHappenedDoesNotRunItAgain() throws Exception {
        String target = target();
        Map<String, Object> params = Map.of("expectRemoved", 1);
        StepContext context = targets.withTarget(new StepContext(StepKind.MIGRATION_ROLLBACK.parse(params), null, null,
                OffsetDateTime.now(ZoneOffset.UTC), Duration.ofMinutes(5), 1, null), target, StepKind.MIGRATION_ROLLBACK);
        // The first attempt stored its before-state, ran knex, and its worker died before recording the end.
        Map<String, Object> before = action.snapshot(context);
        assertEquals(List.of(KnexProject.ORDERS), before.get("expected"));
        project.knex("migrate:rollback");

        Outcome outcome = action.apply(context.withBefore(before));
        Outcome.Done done = (Outcome.Done) outcome;
        assertTrue(done.output().contains("the command was not run again"), done.output());
        assertEquals(List.of(KnexProject.ORDERS), project.applied(), "batch 1 was not rolled back as well");

        // Something else migrated meanwhile: the step stops rather than run the command on a table it does not know.
        project.knex("migrate:latest");
        project.migration("20240140000000_other.js", "knex.schema.createTable('other', (t) => t.increments())",
                "knex.schema.dropTable('other')");
        project.knex("migrate:latest");
        StepFailure failure = org.junit.jupiter.api.Assertions.assertThrows(StepFailure.class,
                () -> action.apply(context.withBefore(before)));
        assertTrue(failure.getMessage().contains("something else migrated"), failure.getMessage());
        assertEquals(3, project.applied().size());
    }

    @Test
    void cancellingTheExecutionKillsTheRunningCommandAndItsTransactionRollsBack() throws Exception {
        // The down migration drops its table inside Knex's transaction, then waits in Node for ten minutes.
        project.migration("20240130000000_slow.js", "knex.schema.createTable('slow', (t) => t.increments())",
                "knex.schema.dropTable('slow').then(() => new Promise((resolve) => setTimeout(resolve, 600000)))");
        project.knex("migrate:up");
        String target = target();
        String id = start(inline(TestPlans.newName("orders"), List.of(rollback(target, Map.of("expectRemoved", 1)))))
                .statusCode(202).extract().path("id");
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(worker::runPending);
        String waiting = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND state = 'idle in transaction' AND query ILIKE 'drop table%slow%'";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (project.query(waiting).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the rollback never reached its wait");
            Thread.sleep(50);
        }
        given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).post("/api/executions/{id}/cancel", id).then()
                .statusCode(200);
        running.get(60, TimeUnit.SECONDS);
        TestExecutions.runWhileTargetHeld(worker, id).body("status", equalTo("CANCELLED"))
                .body("steps.error", hasItem(containsString("the execution was cancelled by")));
        // Node was killed with its connection, so PostgreSQL rolls the open transaction back.
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!project.query(waiting).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the killed rollback's transaction stayed open");
            Thread.sleep(50);
        }
        assertEquals(3, project.applied().size(), "the killed rollback changed nothing");
        assertEquals(List.of("id"), project.columns("slow"));
        // Knex commits its migration lock on its own, so a killed Knex leaves it taken: the next run says so, in Knex's
        // words, and changes nothing until someone runs knex migrate:unlock.
        assertEquals(List.of("1"), project.query("SELECT is_locked FROM knex_migrations_lock"));
        String again = run(rollback(target, Map.of("expectRemoved", 1)));
        TestExecutions.get(again).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("Migration table is already locked"));
        assertEquals(3, project.applied().size());
    }
}
