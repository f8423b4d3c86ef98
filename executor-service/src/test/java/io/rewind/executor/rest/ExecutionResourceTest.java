package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.count;
import static io.rewind.executor.TestExecutions.get;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.LocalHttpServer;
import io.rewind.executor.LocalHttpServer.Answer;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

@QuarkusTest
class ExecutionResourceTest {

    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String BY_TARGET = "SELECT count(*) FROM executor.executions WHERE target = ?";

    @Inject
    ExecutionWorker worker;

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static Map<String, Object> waitStep(String name, String duration) {
        return TestPlans.step(name, StepKind.WAIT.id(), Map.of("duration", duration));
    }

    private static Map<String, Object> httpStep(String name, Map<String, Object> params) {
        return TestPlans.httpCheck(name, params);
    }

    private static String target() {
        return TestPlans.newName("svc");
    }

    @Test
    void anExecutionIsStoredWithEveryStepBeforeAnythingActsThenRunsToTheEnd() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(new Answer(200, "{\"status\":\"UP\"}"))) {
            String target = target();
            Map<String, Object> body = inline(target, List.of(waitStep("settle", "PT0.1S"),
                    httpStep("smoke", Map.of("url", server.url("/q/health"), "expectStatus", 200, "bodyContains", "UP"))));
            body.put("incidentId", "inc-42");
            body.put("release", Map.of("from", "v1.5.0", "to", "v1.4.2"));

            String id = start(body).statusCode(202)
                    .header("Location", matchesPattern(".*/api/executions/" + UUID_PATTERN))
                    .body("status", equalTo("PENDING"))
                    .body("target", equalTo(target))
                    .body("incidentId", equalTo("inc-42"))
                    .body("release.from", equalTo("v1.5.0"))
                    .body("createdBy", equalTo("test-admin"))
                    .body("breakGlass", equalTo(true))
                    .body("steps.status", contains("PENDING", "PENDING"))
                    .body("steps[0].target", nullValue())
                    .body("steps[1].target", startsWith("http-"))
                    .body("steps.kind", contains("wait", "verify.http"))
                    .body("steps[0].timeout", equalTo("PT1M0.1S"))
                    .extract().path("id");
            assertEquals(2, count("SELECT count(*) FROM executor.execution_steps WHERE execution_id = ?", UUID.fromString(id)));
            assertEquals(0, server.requests(), "nothing acts on the request itself");

            runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                    .body("reason", nullValue())
                    .body("startedAt", notNullValue())
                    .body("endedAt", notNullValue())
                    .body("steps.status", contains("SUCCEEDED", "SUCCEEDED"))
                    .body("steps.startedAt", everyItem(notNullValue()))
                    .body("steps.endedAt", everyItem(notNullValue()))
                    .body("steps[0].before.until", notNullValue())
                    .body("steps[0].output", containsString("waited PT0.1S"))
                    .body("steps[1].output", containsString("as expected"))
                    .body("steps[1].after.status", equalTo(200))
                    .body("steps[1].error", nullValue());
            assertEquals(1, server.requests());
        }
    }

    @Test
    void aFailedVerificationFailsTheExecutionWithTheReasonAndSkipsLaterSteps() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(new Answer(503, "{\"status\":\"DOWN\"}"))) {
            String id = start(inline(target(), List.of(
                    httpStep("smoke", Map.of("url", server.url("/health"), "retries", 2)),
                    waitStep("after", "PT1S")))).statusCode(202).extract().path("id");

            runToEnd(worker, id).body("status", equalTo("FAILED"))
                    .body("reason", containsString("step 'smoke' (verify.http) failed"))
                    .body("reason", containsString("expected status 200, got 503"))
                    .body("steps.status", contains("FAILED", "SKIPPED"))
                    .body("steps[0].error", containsString("after 3 attempts"))
                    .body("steps[0].error", containsString("DOWN"))
                    .body("steps[0].attempts", equalTo(3))
                    .body("steps[1].startedAt", nullValue());
            assertEquals(3, server.requests(), "one request per attempt: the first and two retries");
        }
    }

    @Test
    void aSmokeTestRetriesUntilTheServiceAnswersAsExpected() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(new Answer(503, ""), new Answer(200, "starting"),
                new Answer(200, "ready: UP"))) {
            String id = start(inline(target(), List.of(httpStep("smoke", Map.of("url", server.url("/ready"),
                    "bodyContains", "UP", "retries", 5)))))
                    .statusCode(202).extract().path("id");
            runToEnd(worker, id).body("status", equalTo("SUCCEEDED")).body("steps[0].attempts", equalTo(3));
            assertEquals(3, server.requests());
        }
    }

    @Test
    void aSmokeTestOfAServerThatIsNotThereFailsSayingSo() throws Exception {
        String url;
        try (LocalHttpServer server = new LocalHttpServer(new Answer(200, "UP"))) {
            url = server.url("/health");
        }
        String id = start(inline(target(), List.of(httpStep("smoke", Map.of("url", url, "method", "POST")))))
                .statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("POST " + url + ": could not connect"));
    }

    @Test
    void aDryRunSaysWhatEachStepWouldDoAndDoesNothing() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(new Answer(200, "UP"))) {
            String target = target();
            String running = start(inline(target, List.of(waitStep("hold", "PT1H")))).statusCode(202).extract().path("id");
            String id = start(TestExecutions.dryRun(inline(target, List.of(waitStep("settle", "PT10M"),
                    httpStep("smoke", Map.of("url", server.url("/health"), "method", "POST"))))))
                    .statusCode(202).body("dryRun", equalTo(true)).extract().path("id");
            runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                    .body("steps.status", contains("SUCCEEDED", "SUCCEEDED"))
                    .body("steps[0].output", equalTo("would wait PT10M"))
                    .body("steps[1].output", containsString("would call POST " + server.url("/health")));
            assertEquals(0, server.requests(), "a dry run calls nothing");
            given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).post("/api/executions/{id}/cancel", running)
                    .then().statusCode(200);
        }
    }

    @Test
    void aRepeatWithTheSameIdempotencyKeyReturnsTheSameExecution() throws Exception {
        String target = target();
        String key = "incident-" + UUID.randomUUID();
        String id = start(inline(target, List.of(waitStep("w", "PT1H"))), key).statusCode(202).extract().path("id");
        start(inline(target, List.of(waitStep("w", "PT1H"))), key).statusCode(200)
                .header("Location", matchesPattern(".*/api/executions/" + id))
                .body("id", equalTo(id));
        // The same key with another request is refused: a key names one request.
        assertProblem(start(inline(target(), List.of(waitStep("other", "PT2H"))), key), 422, "idempotency-key-reused")
                .body("detail", containsString("with another target"));
        assertEquals(1, count("SELECT count(*) FROM executor.executions WHERE idempotency_key = ?", key));
        cancel(id).statusCode(200);
    }

    @Test
    void fiftyConcurrentIdenticalRequestsStartExactlyOneExecution() throws Exception {
        String target = target();
        String key = "incident-" + UUID.randomUUID();
        Map<String, Object> body = inline(target, List.of(waitStep("w", "PT1H")));
        List<Response> responses = TestExecutions.concurrently(50, () -> start(body, key).extract().response());

        Set<String> ids = new HashSet<>();
        int accepted = 0;
        for (Response response : responses) {
            assertTrue(response.statusCode() == 200 || response.statusCode() == 202,
                    "a repeat is answered with the execution, got " + response.statusCode() + " " + response.asString());
            accepted += response.statusCode() == 202 ? 1 : 0;
            ids.add(response.path("id"));
        }
        assertEquals(1, accepted, "exactly one request created the execution");
        assertEquals(1, ids.size(), "every request got the same execution");
        assertEquals(1, count("SELECT count(*) FROM executor.executions WHERE idempotency_key = ?", key));
        assertEquals(1, count(BY_TARGET, target));
        cancel(ids.iterator().next()).statusCode(200);
    }

    @Test
    void aTargetRunsOneExecutionAtATimeEvenWhenRequestsRace() throws Exception {
        String target = target();
        List<Response> responses = TestExecutions.concurrently(10,
                () -> start(inline(target, List.of(waitStep("w", "PT1H")))).extract().response());
        List<Response> accepted = responses.stream().filter(r -> r.statusCode() == 202).toList();
        assertEquals(1, accepted.size(), "one of the racing requests starts an execution");
        String running = accepted.get(0).path("id");
        for (Response response : responses) {
            if (response.statusCode() != 202) {
                assertEquals(409, response.statusCode(), response.asString());
                assertEquals("urn:rewind:problem:conflict", response.path("type"));
                assertEquals(running, response.path("runningExecutionId"));
            }
        }
        assertEquals(1, count(BY_TARGET, target));

        assertProblem(start(inline(target, List.of(waitStep("again", "PT1M")))), 409, "conflict")
                .body("runningExecutionId", equalTo(running))
                .body("detail", containsString(running));
        start(TestExecutions.dryRun(inline(target, List.of(waitStep("look", "PT1M"))))).statusCode(202);

        cancel(running).statusCode(200).body("status", equalTo("CANCELLED"))
                .body("cancelledBy", equalTo("test-operator"))
                .body("reason", equalTo("cancelled by test-operator"))
                .body("steps.status", contains("SKIPPED"));
        start(inline(target, List.of(waitStep("after cancel", "PT1H")))).statusCode(202);
        assertProblem(cancel(running), 409, "conflict").body("detail", containsString("CANCELLED"));
    }

    @Test
    void cancellingStopsAWaitingStepAndNothingRunsAfterwards() throws Exception {
        String id = start(inline(target(), List.of(waitStep("hold", "PT1H"), waitStep("then", "PT1S"))))
                .statusCode(202).extract().path("id");
        worker.runPending();
        get(id).body("status", equalTo("RUNNING")).body("steps.status", contains("RUNNING", "PENDING"))
                .body("steps[0].output", containsString("waiting until"));

        cancel(id).statusCode(200).body("status", equalTo("CANCELLED"))
                .body("steps.status", contains("CANCELLED", "SKIPPED"))
                .body("steps[0].error", containsString("cancelled by test-operator"));
        worker.runPending();
        get(id).body("status", equalTo("CANCELLED")).body("steps.status", contains("CANCELLED", "SKIPPED"));
    }

    @Test
    void anExecutionOfAStoredPlanTargetsThePlansServiceByDefault() throws Exception {
        String service = target();
        String planId = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.plan(service + "-rollback", service, List.of(waitStep("settle", "PT0.05S"))))
                .post("/api/plans").then().statusCode(201).extract().path("id");
        String id = start(Map.of("planId", planId, "incidentId", "inc-7")).statusCode(202)
                .body("planId", equalTo(planId))
                .body("target", equalTo(service))
                .body("steps[0].name", equalTo("settle"))
                .extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"));

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).queryParam("target", service).get("/api/executions")
                .then().statusCode(200).body("id", contains(id)).body("[0].status", equalTo("SUCCEEDED"));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).queryParam("target", service)
                .queryParam("status", "FAILED").get("/api/executions").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void invalidRequestsAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        String target = target();
        assertProblem(start(inline(target, List.of(TestPlans.step("canary", StepKind.ISTIO_SET_WEIGHTS.id(), TestTargets.kubernetes("shop"),
                Map.of("namespace", "shop", "virtualService", "checkout", "weights", Map.of("stable", 90, "canary", 5)))))),
                400, "validation")
                .body("errors[0].field", equalTo("steps[0].params.weights"))
                .body("errors[0].message", containsString("must add up to 100 (they add up to 95)"));
        assertProblem(start(inline(target, List.of(waitStep("w", "30s")))), 400, "validation")
                .body("errors[0].field", equalTo("steps[0].params.duration"));
        assertProblem(start(Map.of("target", target)), 400, "validation").body("errors[0].field", equalTo("steps"));
        assertProblem(start(Map.of("target", target, "planId", UUID.randomUUID())), 400, "validation")
                .body("errors[0].field", equalTo("planId"));
        assertProblem(start(Map.of("target", target, "planId", UUID.randomUUID(), "steps", List.of(waitStep("w", "PT1S")))),
                400, "validation").body("errors[0].field", equalTo("steps"));
        assertProblem(start(Map.of("steps", List.of(waitStep("w", "PT1S")))), 400, "validation")
                .body("errors[0].field", equalTo("target"));
        assertProblem(start(inline("Not A Service", List.of(waitStep("w", "PT1S")))), 400, "validation");
        assertProblem(start(inline(target, List.of(waitStep("w", "PT1S"))), "x".repeat(201)), 400, "validation")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertEquals(0, count(BY_TARGET, target));
    }

    @Test
    void anIdempotencyKeyBelongsToItsCallerAndToOneRequest() throws Exception {
        String target = target();
        String planId = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.plan(TestPlans.newName("hold"), target, List.of(waitStep("w", "PT1H")))).post("/api/plans")
                .then().statusCode(201).extract().path("id");
        String key = "incident-" + UUID.randomUUID();

        // An operator who read an incident's id first posts a dry run under it, as the key decision-service will use.
        String dry = given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of("planId", planId, "dryRun", true)).post("/api/executions")
                .then().statusCode(202).extract().path("id");
        // decision-service's own request under that key is its own: a new, real execution, not the dry run.
        String real = given().header("Authorization", TestKeys.bearer(Services.DECISION)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of("planId", planId)).post("/api/executions")
                .then().statusCode(202).body("dryRun", equalTo(false)).extract().path("id");
        assertTrue(!real.equals(dry));
        given().header("Authorization", TestKeys.bearer(Services.DECISION)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of("planId", planId)).post("/api/executions")
                .then().statusCode(200).body("id", equalTo(real));

        // The same caller and key with another request is refused, and starts nothing.
        int before = count(BY_TARGET, target);
        assertProblem(given().header("Authorization", TestKeys.bearer(Services.DECISION)).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(Map.of("planId", planId, "dryRun", true)).post("/api/executions").then(),
                422, "idempotency-key-reused")
                .body("detail", containsString("with another dryRun"))
                .body("executionId", equalTo(real));
        assertEquals(before, count(BY_TARGET, target));
    }

    @Test
    void aStoredPlanRunsOnlyUnderItsOwnServicesName() throws Exception {
        String service = target();
        String planId = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.plan(TestPlans.newName("hold"), service, List.of(waitStep("w", "PT1H")))).post("/api/plans")
                .then().statusCode(201).extract().path("id");
        String other = target();
        assertProblem(start(Map.of("planId", planId, "target", other)), 400, "validation")
                .body("errors[0].field", equalTo("target"))
                .body("errors[0].message", containsString("must be the plan's service '" + service + "'"));
        assertEquals(0, count(BY_TARGET, other));
        start(Map.of("planId", planId, "target", service)).statusCode(202).body("target", equalTo(service));
    }

    @Test
    void onlyOperatorsStartAndCancelEveryoneReads() throws Exception {
        String target = target();
        String planId = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.plan(TestPlans.newName("hold"), target, List.of(waitStep("w", "PT1H")))).post("/api/plans")
                .then().statusCode(201).extract().path("id");
        Map<String, Object> body = Map.of("planId", planId);
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).contentType(ContentType.JSON).body(body)
                .post("/api/executions").then(), 403, "forbidden");
        assertProblem(given().contentType(ContentType.JSON).body(body).post("/api/executions").then(), 401, "unauthorized");
        assertEquals(0, count(BY_TARGET, target));

        String id = given().header("Authorization", TestKeys.bearer(Services.DECISION)).contentType(ContentType.JSON).body(body)
                .post("/api/executions").then().statusCode(202).body("breakGlass", equalTo(false)).extract().path("id");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.APPROVER)).post("/api/executions/{id}/cancel", id)
                .then(), 403, "forbidden");
        given().header("Authorization", TestKeys.bearer(Role.APPROVER)).get("/api/executions/{id}", id).then().statusCode(200);
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).post("/api/executions/{id}/cancel", id).then()
                .statusCode(200);
    }

    @Test
    void anUnknownExecutionIs404() {
        assertProblem(get(UUID.randomUUID().toString()), 404, "not-found");
        assertProblem(cancel(UUID.randomUUID().toString()), 404, "not-found");
        assertProblem(get("not-a-uuid"), 404, "not-found");
    }

    private static io.restassured.response.ValidatableResponse cancel(String id) {
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).post("/api/executions/{id}/cancel", id).then();
    }

    @Test
    void theListNarrowsByTargetAndStatusAndAnUnknownStatusIsA400() throws Exception {
        String target = target();
        String id = start(inline(target, List.of(waitStep("settle", "PT0.1S")))).statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"));

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/executions?target={t}&status=SUCCEEDED",
                target).then().statusCode(200).body("id", contains(id));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/executions?target={t}&status=FAILED",
                target).then().statusCode(200).body("", hasSize(0));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/executions?status=DONE").then(), 400, "validation")
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", containsString("must be one of PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED"));
    }
}
