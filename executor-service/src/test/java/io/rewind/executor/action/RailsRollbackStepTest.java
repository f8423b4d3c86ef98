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
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.executor.RailsProject;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;
import io.rewind.executor.target.HostTarget;

/**
 * {@code migration.rollback} with real Rails ({@code rails db:rollback STEP=1}, Active Record on PostgreSQL): the
 * release's migration is reverted, the column is gone and {@code schema_migrations} proves it.
 */
@QuarkusTest
class RailsRollbackStepTest {

    @Inject
    ExecutionWorker worker;

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    @Test
    void rollsBackOneStepAndTheMigrationTableProvesIt() throws Exception {
        RailsProject project = new RailsProject();
        project.rails("db:migrate");
        assertEquals(List.of(RailsProject.CREATE_ORDERS, RailsProject.ADD_COUPON_CODE), project.applied());
        String target = TestTargets.define(TargetKind.COMMANDS, project.spec("rails",
                Map.of("rails-rollback", project.rollbackCommand())));

        Map<String, Object> step = TestPlans.step("rollback", StepKind.MIGRATION_ROLLBACK.id(), target,
                Map.of("args", Map.of("steps", 1), "expectRemoved", 1));
        String id = start(inline(TestPlans.newName("shop"), List.of(step))).statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.table", equalTo("schema_migrations"))
                .body("steps[0].before.applied", equalTo(List.of(RailsProject.CREATE_ORDERS, RailsProject.ADD_COUPON_CODE)))
                .body("steps[0].before.argv", equalTo(List.of(HostTarget.onPath("rails"), "db:rollback", "STEP=1")))
                .body("steps[0].after.applied", equalTo(List.of(RailsProject.CREATE_ORDERS)))
                .body("steps[0].after.removed", equalTo(List.of(RailsProject.ADD_COUPON_CODE)))
                .body("steps[0].output", containsString("AddCouponCode: reverted"))
                .body(not(containsString(RailsProject.PASSWORD)));
        assertEquals(List.of(RailsProject.CREATE_ORDERS), project.applied());
        assertEquals(List.of("id", "code"), project.columns("orders"));
    }
}
