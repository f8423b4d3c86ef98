package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.decision.ExecutorServiceStub;

/**
 * Issue 15, items 1 to 3, end to end through the REST API: the plan that runs is the one the policy maps to the decided
 * strategy, a strategy without a plan is held for a human, immediate triggers win over contradicting signals, and an
 * analysis that cannot conclude hands its incident to a human.
 */
@QuarkusTest
class DecidedStrategyTest {

    private static ValidatableResponse incident(String id) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", id).then().statusCode(200);
    }

    private static List<String> timelineKinds(String id) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}/timeline?limit=200", id)
                .then().statusCode(200).extract().jsonPath().getList("entries.kind");
    }

    /** A service whose runbook-default policy maps only the given strategies, to plans executor-service has. */
    private static String serviceWithPlans(Map<String, String> plans) {
        String service = IncidentResourceTest.bareService();
        Map<String, String> named = new HashMap<>();
        plans.forEach((strategy, plan) -> named.put(strategy, service + "-" + plan));
        IncidentResourceTest.storePolicy(service, Map.of(), named);
        ExecutorServiceStub.MORE_PLANS.put(service, named.values().stream().filter(p -> !p.equals(service + "-rollback")).toList());
        return service;
    }

    /** An immediate trigger (12.5 % errors): with the runbooks' policy, approved as critical, so it runs at once. */
    private static Map<String, Object> immediate(String service) {
        return IncidentResourceTest.signals(service);
    }

    /** RollbackDispatchTest starts with executor-service unreachable, as an outage: leave it so. */
    @AfterAll
    static void executorServiceDown() {
        new ExecutorServiceStub().stop();
    }

    @Test
    void theDecidedStrategysPlanRunsAndTheIncidentSaysWhich() {
        ExecutorServiceStub.up();
        String service = serviceWithPlans(Map.of("FEATURE_FLAG_DISABLE", "flag-off", "REVERT_DEPLOYMENT", "rollback"));

        Map<String, Object> flagged = immediate(service);
        flagged.put("featureFlagged", true);
        String flagIncident = IncidentResourceTest.report(flagged).statusCode(201).body("status", equalTo("APPROVED"))
                .body("assessment.strategy.kind", equalTo("FEATURE_FLAG_DISABLE"))
                .body("rollback.strategy", equalTo("FEATURE_FLAG_DISABLE"))
                .body("rollback.plan", equalTo(service + "-flag-off")).extract().path("id");
        String revertIncident = IncidentResourceTest.report(immediate(service)).statusCode(201)
                .body("rollback.strategy", equalTo("REVERT_DEPLOYMENT"))
                .body("rollback.plan", equalTo(service + "-rollback")).extract().path("id");

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            incident(flagIncident).body("status", equalTo("ROLLING_BACK"));
            incident(revertIncident).body("status", equalTo("ROLLING_BACK"));
        });
        assertEquals(ExecutorServiceStub.planId(service, service + "-flag-off"),
                ExecutorServiceStub.REQUESTS_BY_KEY.get(flagIncident).path("planId").asText(), "the flag's plan, not the other");
        assertEquals(ExecutorServiceStub.planId(service), ExecutorServiceStub.REQUESTS_BY_KEY.get(revertIncident)
                .path("planId").asText());
        incident(flagIncident).body("rollback.planId", equalTo(ExecutorServiceStub.planId(service, service + "-flag-off")));
        String timeline = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/incidents/{id}/timeline", flagIncident).then().statusCode(200).extract().asString();
        assertTrue(timeline.contains("Plan '" + service + "-flag-off' carries out FEATURE_FLAG_DISABLE"), timeline);
        assertTrue(timeline.contains("it carries out FEATURE_FLAG_DISABLE"), timeline);
    }

    @Test
    void aStrategyWithoutAPlanIsHeldForAHumanAndNoOtherPlanRuns() {
        ExecutorServiceStub.up();
        String service = serviceWithPlans(Map.of("REVERT_DEPLOYMENT", "rollback"));
        Map<String, Object> blueGreen = immediate(service);
        blueGreen.put("blueGreen", true);
        String id = IncidentResourceTest.report(blueGreen).statusCode(201)
                .body("assessment.decision", equalTo("ROLLBACK"))
                .body("status", equalTo("ESCALATED"))
                .body("rollback.request", equalTo("NONE"))
                .body("rollback.strategy", equalTo("BLUE_GREEN_SWITCHBACK"))
                .body("rollback.plan", nullValue()).extract().path("id");
        Awaitility.await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            incident(id).body("status", equalTo("ESCALATED")).body("rollback.request", equalTo("NONE"));
            assertFalse(ExecutorServiceStub.STARTS_BY_KEY.containsKey(id), "nothing was sent to executor-service");
        });
        String timeline = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/incidents/{id}/timeline", id).then().statusCode(200).extract().asString();
        assertTrue(timeline.contains("maps no plan to BLUE_GREEN_SWITCHBACK"), timeline);
        assertTrue(timelineKinds(id).contains("ESCALATED"), timeline);
        // An escalated incident is not approved into running something else either.
        assertProblem(IncidentResourceTest.act(id, "approve", TestKeys.bearer(Role.APPROVER), null), 409, "conflict");
    }

    @Test
    void dataCorruptionOnAP3RollsBackAtOnceAndTheContradictionIsStated() {
        ExecutorServiceStub.up();
        String service = serviceWithPlans(Map.of("REVERT_DEPLOYMENT", "rollback"));
        Map<String, Object> corrupt = IncidentResourceTest.signals(service);
        corrupt.put("severity", "P3");
        corrupt.put("usersAffectedPercent", 2);
        corrupt.put("errorRatePercent", 0.5);
        corrupt.put("dataCorruption", true);
        String id = IncidentResourceTest.report(corrupt).statusCode(201)
                .body("assessment.decision", equalTo("ROLLBACK"))
                .body("approval.level", equalTo("NONE"))
                .body("status", equalTo("APPROVED"))
                .body("assessment.contradictions", hasItem("severity P3 (Low) contradicts a reported data corruption"))
                .extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id).body("status", equalTo("ROLLING_BACK")));
        String postmortem = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/incidents/{id}/postmortem", id).then().statusCode(200).extract().asString();
        assertTrue(postmortem.contains("**Contradicting Signals** (the immediate trigger decided; review them): severity P3"),
                postmortem);
        assertTrue(postmortem.contains("**Strategy**: REVERT_DEPLOYMENT, carried out by plan '" + service + "-rollback'"),
                postmortem);
    }

    @Test
    void overridingADecisionThatIsNotARollbackNamesAMappedStrategy() {
        ExecutorServiceStub.up();
        String service = serviceWithPlans(Map.of("REVERT_DEPLOYMENT", "rollback"));
        Map<String, Object> split = IncidentResourceTest.signals(service);
        split.remove("severity");
        String id = IncidentResourceTest.report(split).statusCode(201).body("assessment.decision", equalTo("INCONCLUSIVE"))
                .body("status", equalTo("PENDING_APPROVAL")).body("rollback.strategy", nullValue()).extract().path("id");

        assertProblem(IncidentResourceTest.act(id, "approve", TestKeys.bearer(Role.APPROVER), null), 400, "validation")
                .body("errors[0].field", equalTo("strategy"));
        assertProblem(approve(id, "BLUE_GREEN_SWITCHBACK"), 409, "conflict")
                .body("detail", containsString("maps no plan to BLUE_GREEN_SWITCHBACK"));
        incident(id).body("status", equalTo("PENDING_APPROVAL")).body("approvals", hasSize(0))
                .body("rollback.request", equalTo("NONE"));
        approve(id, "NO_SUCH_STRATEGY").statusCode(400).contentType(containsString("application/problem+json"));
        incident(id).body("status", equalTo("PENDING_APPROVAL"));

        approve(id, "REVERT_DEPLOYMENT").statusCode(200).body("status", equalTo("APPROVED"))
                .body("rollback.strategy", equalTo("REVERT_DEPLOYMENT")).body("rollback.plan", equalTo(service + "-rollback"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id).body("status", equalTo("ROLLING_BACK")));
        assertEquals(ExecutorServiceStub.planId(service), ExecutorServiceStub.REQUESTS_BY_KEY.get(id).path("planId").asText());
    }

    @Test
    void aFailedStepIsOnTheTimelineOnceAsSoonAsItIsSeen() {
        ExecutorServiceStub.up();
        String service = serviceWithPlans(Map.of("REVERT_DEPLOYMENT", "rollback"));
        ExecutorServiceStub.FAILING_STEP.add(service);
        String id = IncidentResourceTest.report(immediate(service)).statusCode(201).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(timelineKinds(id)
                .contains("ROLLBACK_STEP_FAILED")));
        incident(id).body("status", equalTo("ROLLING_BACK"));
        String execution = incident(id).extract().path("rollback.executionId");
        ExecutorServiceStub.STATUS.put(execution, "FAILED");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> incident(id).body("status", equalTo("FAILED")));
        List<String> kinds = timelineKinds(id);
        assertEquals(1, kinds.stream().filter("ROLLBACK_STEP_FAILED"::equals).count(), kinds.toString());
        String timeline = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/incidents/{id}/timeline", id).then().statusCode(200).extract().asString();
        assertTrue(timeline.contains("step 1 'undo checkout' (kubernetes.undo) failed in execution " + execution
                + ": deployment checkout has no revision 2"), timeline);
    }

    @Test
    void anInconclusiveAnalysisOpensAnIncidentForAHuman() {
        String service = IncidentResourceTest.newService();
        Map<String, Object> spec = AnalysisResourceTest.analysis(service, "bad");
        @SuppressWarnings("unchecked")
        Map<String, Object> metric = new HashMap<>(((List<Map<String, Object>>) spec.get("metrics")).get(0));
        metric.put("failureCondition", "result > 50");
        spec.put("metrics", List.of(metric));
        spec.put("inconclusiveLimit", 0);
        String analysis = AnalysisResourceTest.start(spec).statusCode(201).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> AnalysisResourceTest.get(analysis)
                .body("phase", equalTo("INCONCLUSIVE")).body("incidentId", notNullValue()));
        String id = AnalysisResourceTest.get(analysis).extract().path("incidentId");
        incident(id).body("source", equalTo("ANALYSIS"))
                .body("title", containsString("ended Inconclusive"))
                .body("assessment.decision", equalTo("INCONCLUSIVE"))
                .body("status", equalTo("PENDING_APPROVAL"))
                .body("approval.level", equalTo("ON_CALL_LEAD"))
                .body("assessment.criteria.find { it.name == 'escalation' }.group", equalTo("escalation"))
                .body("assessment.summary", containsString("on the signals alone the engine would decide"));
        assertTrue(timelineKinds(id).contains("ESCALATED"));
    }

    private static ValidatableResponse approve(String id, String strategy) {
        return given().header("Authorization", TestKeys.bearer(Role.APPROVER)).contentType(ContentType.JSON)
                .body(Map.of("comment", "override", "strategy", strategy)).post("/api/incidents/{id}/approve", id).then();
    }
}
