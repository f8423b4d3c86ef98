package io.rewind.executor.action;

import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.executor.DjangoProject;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code migration.rollback} with real Django ({@code python3 manage.py migrate shop 0001}) on a real PostgreSQL
 * database: the release's migration (adding {@code coupon_code}) is unapplied, the column is gone and
 * {@code django_migrations} proves it.
 */
@QuarkusTest
class DjangoRollbackStepTest {

    @Inject
    ExecutionWorker worker;

    private DjangoProject project;
    private String target;

    @BeforeEach
    void releaseBothMigrations() throws Exception {
        project = new DjangoProject();
        project.manage("migrate", "--no-input");
        assertEquals(List.of("shop.0001_initial", "shop.0002_coupon_code"), project.applied());
        assertEquals(List.of("id", "code", "coupon_code"), project.columns("shop_order"));
        target = TestTargets.define(TargetKind.COMMANDS, project.spec("django",
                Map.of("django-migrate", project.migrateCommand())));
    }

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static Map<String, Object> migrate(String target, String migration, String expectLatest) {
        return TestPlans.step("migrate back", StepKind.MIGRATION_ROLLBACK.id(), target, Map.of(
                "args", Map.of("app", "shop", "migration", migration), "expectLatest", expectLatest));
    }

    private String run(Map<String, Object> step) throws Exception {
        String id = start(inline(TestPlans.newName("shop"), List.of(step))).statusCode(202).extract().path("id");
        runToEnd(worker, id);
        return id;
    }

    @Test
    void migratesTheAppBackAndTheMigrationTableProvesIt() throws Exception {
        String dry = start(TestExecutions.dryRun(inline(TestPlans.newName("shop"),
                List.of(migrate(target, "0001", "shop.0001_initial"))))).statusCode(202).extract().path("id");
        runToEnd(worker, dry).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].after.argv", equalTo(List.of(DjangoProject.PYTHON, "manage.py", "migrate", "shop", "0001",
                        "--no-input")))
                .body("steps[0].after.removed", equalTo(List.of("shop.0002_coupon_code")));
        assertEquals(List.of("shop.0001_initial", "shop.0002_coupon_code"), project.applied());

        String id = run(migrate(target, "0001", "shop.0001_initial"));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.table", equalTo("django_migrations"))
                .body("steps[0].before.applied", equalTo(List.of("shop.0001_initial", "shop.0002_coupon_code")))
                .body("steps[0].after.applied", equalTo(List.of("shop.0001_initial")))
                .body("steps[0].after.removed", equalTo(List.of("shop.0002_coupon_code")))
                .body("steps[0].output", containsString("Unapplying shop.0002_coupon_code... OK"))
                .body(not(containsString(DjangoProject.PASSWORD)));
        assertEquals(List.of("shop.0001_initial"), project.applied());
        assertEquals(List.of("id", "code"), project.columns("shop_order"));
    }

    @Test
    void aCommandThatLeavesTheTableElsewhereThanExpectedFailsTheStep() throws Exception {
        // "zero" unapplies both migrations; the step expected only the second to go.
        String id = run(migrate(target, "zero", "shop.0001_initial"));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("exited 0, but django_migrations of target '" + target
                        + "' holds 0 migrations, the newest none, not the 1 the step expects (newest shop.0001_initial)"));
        assertEquals(List.of(), project.applied());
    }
}
