package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.decision.ExecutorServiceStub;

/** An approved rollback reaches executor-service whatever its state, once, and the incident follows it to the end. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackDispatchTest {

    private static ValidatableResponse incident(String id) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", id).then().statusCode(200);
    }

    @Test
    @Order(1)
    void anApprovedRollbackSurvivesAnUnreachableExecutorAndIsSentOnce() {
        String service = IncidentResourceTest.newService();
        String id = IncidentResourceTest.report(IncidentResourceTest.signals(service)).statusCode(201).extract().path("id");
        IncidentResourceTest.act(id, "approve", TestKeys.bearer(Role.APPROVER), null).statusCode(200);

        // executor-service is down: the incident says so and keeps the request.
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id)
                .body("status", equalTo("APPROVED"))
                .body("rollback.request", equalTo("PENDING"))
                .body("rollback.attempts", greaterThanOrEqualTo(2))
                .body("rollback.lastError", matchesPattern("executor-service (is unreachable|failed repeatedly).*"))
                .body("rollback.nextAttemptAt", notNullValue()));

        ExecutorServiceStub.up();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id)
                .body("status", equalTo("ROLLING_BACK"))
                .body("rollback.request", equalTo("ACCEPTED"))
                .body("rollback.executionId", notNullValue()));
        String execution = incident(id).extract().path("rollback.executionId");
        assertEquals(execution, ExecutorServiceStub.EXECUTIONS_BY_KEY.get(id), "the incident id is the idempotency key");

        ExecutorServiceStub.STATUS.put(execution, "SUCCEEDED");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id)
                .body("status", equalTo("RESOLVED"))
                .body("resolvedAt", notNullValue()));
        assertEquals(1, ExecutorServiceStub.EXECUTIONS_BY_KEY.entrySet().stream()
                .filter(e -> e.getKey().equals(id)).count(), "one execution for the incident");

        // The story, from the three services, in time order.
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}/timeline", id)
                .then().statusCode(200)
                .body("entries[0].kind", equalTo("DETECTED"))
                .body("entries[0].source", equalTo("decision-service"))
                .body("entries.source", hasItems("decision-service", "executor-service", "status-page"))
                .body("entries.kind", hasItems("DECIDED", "APPROVED", "ROLLBACK_DELAYED", "ROLLBACK_STARTED",
                        "ROLLBACK_SUCCEEDED", "STEP_STARTED", "STEP_SUCCEEDED", "PUBLIC_IDENTIFIED", "PUBLIC_RESOLVED"))
                .body("gaps", hasSize(0));
        String markdown = given().header("Authorization", TestKeys.bearer(Role.VIEWER)).accept("text/markdown")
                .get("/api/incidents/{id}/postmortem", id).then().statusCode(200)
                .contentType(startsWith("text/markdown")).extract().asString();
        assertTrue(markdown.startsWith("# Incident Report: " + service + " v1.5.0 rollback"), markdown);
        assertTrue(markdown.contains("- **Severity**: P1 (High)"), markdown);
        assertTrue(markdown.contains("| 2026-01-01 10:20:01 | status-page | PUBLIC_IDENTIFIED: We are rolling back checkout. |"), markdown);
        assertTrue(markdown.contains("- **Authorized By**: test-approver"), markdown);
        assertTrue(markdown.contains("- Rollback successful: yes"), markdown);
        assertTrue(markdown.contains("- Verification completed: yes (smoke verify.http)"), markdown);
        assertTrue(markdown.contains("| impactScore | 100 | ROLLBACK |"), markdown);
        assertTrue(markdown.indexOf("DETECTED") < markdown.indexOf("DECIDED")
                && markdown.indexOf("DECIDED") < markdown.indexOf("APPROVED"), "time order");
    }

    @Test
    @Order(2)
    void aFailedExecutionFailsTheIncident() {
        ExecutorServiceStub.up();
        String id = IncidentResourceTest.report(IncidentResourceTest.signals(IncidentResourceTest.newService()))
                .statusCode(201).extract().path("id");
        IncidentResourceTest.act(id, "approve", TestKeys.bearer(Role.APPROVER), null).statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id).body("status", equalTo("ROLLING_BACK")));
        ExecutorServiceStub.STATUS.put(ExecutorServiceStub.EXECUTIONS_BY_KEY.get(id), "FAILED");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id).body("status", equalTo("FAILED")));
    }

    @Test
    @Order(3)
    void aServiceWithoutAPlanFailsTheRollbackAndSaysWhy() {
        ExecutorServiceStub.up();
        String service = IncidentResourceTest.newService();
        ExecutorServiceStub.WITHOUT_PLAN.add(service);
        Map<String, Object> p0 = IncidentResourceTest.signals(service);
        p0.put("severity", "P0");
        p0.put("usersAffectedPercent", 100);
        String id = IncidentResourceTest.report(p0).statusCode(201).body("status", equalTo("APPROVED")).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id)
                .body("status", equalTo("FAILED"))
                .body("rollback.request", equalTo("FAILED"))
                .body("rollback.lastError", containsString("no rollback plan for " + service)));
    }
}
