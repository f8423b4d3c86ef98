package io.rewind.executor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.Schemas;
import io.rewind.common.testing.TestKeys;

/** The service boots on a real PostgreSQL and migrates its own schema, and only its own. */
@QuarkusTest
class BootTest {

    @Inject
    Scheduler scheduler;

    @Test
    void migrationsApplyToTheServiceSchema() throws Exception {
        Schemas.assertMigrated("executor", "plans", "executions", "execution_steps");
    }

    @Test
    void theExecutionWorkerIsScheduled() {
        assertNotNull(scheduler.getScheduledJob("execution-worker"), "the worker runs on the scheduler");
    }

    @Test
    void readinessChecksPostgresql() {
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"))
                // Off unless rewind.executor.kubernetes.readiness is set: no cluster is needed to be ready.
                .body("checks.name", not(hasItem("Kubernetes API")));
    }
}
