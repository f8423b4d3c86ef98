package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.decision.ExecutorServiceStub;

/**
 * An approved rollback reaches executor-service whatever its state, once, and the incident follows it to the end; an
 * answer that is not the rollback decision-service asked for holds the incident for a human and resolves nothing.
 */
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
        // What decision-service asked for, with its own key: the service's stored plan, on the incident's service.
        JsonNode request = ExecutorServiceStub.REQUESTS_BY_KEY.get(id);
        assertEquals(ExecutorServiceStub.planId(service), request.path("planId").asText());
        assertEquals(service, request.path("target").asText());
        assertEquals(id, request.path("incidentId").asText());
        assertFalse(request.path("dryRun").asBoolean(false), "never a dry run");
        assertFalse(request.has("steps"), "never inline steps");
        assertTrue(ExecutorServiceStub.UNAUTHORISED.isEmpty(), "always decision-service's own key: "
                + ExecutorServiceStub.UNAUTHORISED);
        incident(id).body("rollback.planId", equalTo(ExecutorServiceStub.planId(service)));

        ExecutorServiceStub.STATUS.put(execution, "SUCCEEDED");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id)
                .body("status", equalTo("RESOLVED"))
                .body("resolvedAt", notNullValue())
                .body("rollback.request", equalTo("ACCEPTED")));
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
                .body("rollback.lastError", containsString("has no plan '" + service + "-rollback' for " + service)));
    }

    /** An incident waiting for its approver, with what executor-service will answer to its rollback request set up. */
    private static String approvedWith(String service, java.util.function.Function<String, ExecutorServiceStub.Answer> answer) {
        ExecutorServiceStub.up();
        String id = IncidentResourceTest.report(IncidentResourceTest.signals(service)).statusCode(201)
                .body("status", equalTo("PENDING_APPROVAL")).extract().path("id");
        if (answer != null) {
            ExecutorServiceStub.ANSWER_INSTEAD.put(id, answer.apply(id));
        }
        IncidentResourceTest.act(id, "approve", TestKeys.bearer(Role.APPROVER), null).statusCode(200);
        return id;
    }

    private static ValidatableResponse escalated(String id) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id).body("status", equalTo("ESCALATED")));
        return incident(id).body("rollback.request", equalTo("HELD")).body("resolvedAt", nullValue());
    }

    /** The timeline says why the incident is held, and shows nothing of an execution that is not its rollback. */
    private static void timelineSaysWhy(String id, String... reasons) {
        ValidatableResponse timeline = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/incidents/{id}/timeline", id).then().statusCode(200)
                .body("status", equalTo("ESCALATED"))
                .body("entries.kind", hasItem("ROLLBACK_ESCALATED"))
                .body("entries.kind", not(hasItem("ROLLBACK_SUCCEEDED")))
                .body("entries.source", not(hasItem("executor-service")))
                .body(not(containsString("Exception")));
        for (String reason : reasons) {
            timeline.body("entries.find { it.kind == 'ROLLBACK_ESCALATED' }.detail", containsString(reason));
        }
        String markdown = given().header("Authorization", TestKeys.bearer(Role.VIEWER)).accept("text/markdown")
                .get("/api/incidents/{id}/postmortem", id).then().statusCode(200).extract().asString();
        assertTrue(markdown.contains("- Rollback successful: no"), markdown);
        assertTrue(markdown.contains("- Service restoration time: not restored yet"), markdown);
    }

    /** The finding: an operator's dry run under a pending incident's id was taken for its approved rollback. */
    @Test
    @Order(4)
    void aDryRunAnsweredForTheIncidentsRollbackHoldsTheIncidentAndResolvesNothing() {
        String service = IncidentResourceTest.newService();
        String dryRun = "exec-dry-run-" + UUID.randomUUID();
        String id = approvedWith(service, incident -> ExecutorServiceStub.Answer.execution(
                ExecutorServiceStub.execution(dryRun, ExecutorServiceStub.planId(service), service, incident, true), "SUCCEEDED"));
        escalated(id)
                .body("rollback.executionId", nullValue())
                .body("rollback.lastError", containsString(dryRun))
                .body("rollback.lastError", containsString("a dry run"))
                .body("rollback.attempts", equalTo(1));
        timelineSaysWhy(id, dryRun, "a dry run");
        assertEquals(1, ExecutorServiceStub.STARTS_BY_KEY.get(id).get(), "asked once, and not again");
    }

    @Test
    @Order(5)
    void anotherPlansExecutionHoldsTheIncidentNamingWhatDiffered() {
        String service = IncidentResourceTest.newService();
        String other = "exec-other-" + UUID.randomUUID();
        String id = approvedWith(service, incident -> ExecutorServiceStub.Answer.execution(
                ExecutorServiceStub.execution(other, "plan-elsewhere", "elsewhere", "another-incident", false), "SUCCEEDED"));
        escalated(id)
                .body("rollback.executionId", nullValue())
                .body("rollback.lastError", containsString(other))
                .body("rollback.lastError", containsString("plan plan-elsewhere, not the requested "
                        + ExecutorServiceStub.planId(service)))
                .body("rollback.lastError", containsString("target elsewhere, not the incident's service " + service))
                .body("rollback.lastError", containsString("incident another-incident, not " + id))
                .body("rollback.lastError", not(containsString("dry run")));
        timelineSaysWhy(id, "plan plan-elsewhere", "target elsewhere");
    }

    @Test
    @Order(6)
    void anIdempotencyKeyReusedAnswerIsRecordedAndEscalatedNotRetriedOrFailed() {
        String service = IncidentResourceTest.newService();
        String id = approvedWith(service, incident -> ExecutorServiceStub.Answer.problem(422, """
                {"type": "urn:rewind:problem:idempotency-key-reused", "title": "The Idempotency-Key was already used for another request",
                 "status": 422, "detail": "Idempotency-Key %s was used for another request"}""".formatted(incident)));
        escalated(id)
                .body("rollback.executionId", nullValue())
                .body("rollback.attempts", equalTo(1))
                .body("rollback.nextAttemptAt", nullValue())
                .body("rollback.lastError", containsString("Idempotency-Key"))
                .body("rollback.lastError", containsString("another request"));
        timelineSaysWhy(id, "Idempotency-Key");
        assertEquals(1, ExecutorServiceStub.STARTS_BY_KEY.get(id).get(), "asked once, and not again");
    }

    /** A repeat: what executor-service reports for the recorded execution must still be that execution. */
    @Test
    @Order(7)
    void aFollowedExecutionThatTurnsOutToBeAnotherHoldsTheIncident() {
        String service = IncidentResourceTest.newService();
        String id = approvedWith(service, null);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id).body("status", equalTo("ROLLING_BACK")));
        String execution = ExecutorServiceStub.EXECUTIONS_BY_KEY.get(id);
        String swapped = "exec-swapped-" + UUID.randomUUID();
        ExecutorServiceStub.EXECUTIONS.get(execution).put("id", swapped);
        ExecutorServiceStub.EXECUTIONS.get(execution).put("dryRun", true);
        ExecutorServiceStub.STATUS.put(execution, "SUCCEEDED");
        escalated(id)
                .body("rollback.executionId", equalTo(execution))
                .body("rollback.lastError", containsString("execution id " + swapped + ", not " + execution))
                .body("rollback.lastError", containsString("a dry run"));
        timelineSaysWhy(id, swapped);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}/timeline", id).then()
                .body("gaps", hasItem(containsString("is not this incident's rollback")));
    }

    @Test
    @Order(8)
    void anExecutionExecutorServiceNoLongerKnowsHoldsTheIncidentAndTheTimelineSaysSoInWords() {
        String service = IncidentResourceTest.newService();
        String id = approvedWith(service, null);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id).body("status", equalTo("ROLLING_BACK")));
        String execution = ExecutorServiceStub.EXECUTIONS_BY_KEY.get(id);
        ExecutorServiceStub.EXECUTIONS.remove(execution);
        escalated(id).body("rollback.lastError", containsString("has no execution " + execution));
        timelineSaysWhy(id, execution);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}/timeline", id).then()
                .body("gaps", hasItem(containsString(execution)))
                .body(not(containsString("Exception")));
    }

    /**
     * What executor-service says in a refusal reaches viewers (rollback.lastError, the timeline, the post-mortem), so a
     * credential in it, an address with a password or a bearer token, is masked before it is stored; and no response a
     * viewer can read carries any API key.
     */
    @Test
    @Order(9)
    void aCredentialInExecutorServicesAnswerIsNeverShownToViewers() {
        String service = IncidentResourceTest.newService();
        String id = approvedWith(service, incident -> ExecutorServiceStub.Answer.problem(400, """
                {"type": "urn:rewind:problem:validation", "status": 400,
                 "detail": "target shop-db (postgres://rewind:hunter2@10.0.0.5:5432/shop) refused; Authorization: Bearer sk-live-9f8e7d; token=tok-55aa"}"""));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id)
                .body("status", equalTo("FAILED"))
                .body("rollback.lastError", containsString("refused the request (HTTP 400)"))
                .body("rollback.lastError", containsString("target shop-db")));
        List<String> secrets = new ArrayList<>(List.of("hunter2", "sk-live-9f8e7d", "tok-55aa"));
        secrets.addAll(TestKeys.KEYS.values());
        secrets.addAll(TestKeys.SERVICE_KEYS.values());
        secrets.add(TestKeys.LEAD_APPROVER);
        for (String path : List.of("/api/incidents/" + id, "/api/incidents/" + id + "/timeline",
                "/api/incidents/" + id + "/postmortem", "/api/incidents?service=" + service, "/api/policies/" + service,
                "/api/policies/" + service + "/versions", "/api/analyses", "/q/openapi")) {
            String body = given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(path).then().statusCode(200)
                    .extract().asString();
            for (String secret : secrets) {
                assertFalse(body.contains(secret), path + " shows '" + secret + "': " + body);
            }
        }
    }
}
