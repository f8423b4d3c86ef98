package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;

@QuarkusTest
class IncidentResourceTest {

    /** A service with no stored policy: the runbooks' defaults, which map no strategy to a plan. */
    static String bareService() {
        return "svc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A service whose policy is DESIGN.md's worked example: the runbooks' defaults, but an immediate trigger is approved
     * by the severity's approver, and every strategy carried out by the plan {@code <service>-rollback} (the one
     * {@code ExecutorServiceStub} has for each service).
     */
    static String newService() {
        String service = bareService();
        storePolicy(service, Map.of("immediateRollbackWithoutApproval", false),
                Map.of("REVERT_DEPLOYMENT", service + "-rollback", "BLUE_GREEN_SWITCHBACK", service + "-rollback",
                        "FEATURE_FLAG_DISABLE", service + "-rollback", "DATABASE_ROLLBACK", service + "-rollback",
                        "FULL_SYSTEM", service + "-rollback"));
        return service;
    }

    /** Stores the service's current rules with {@code changes} and {@code plans}, as an admin does. */
    static void storePolicy(String service, Map<String, Object> changes, Map<String, String> plans) {
        Map<String, Object> rules = new java.util.HashMap<>(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", service).then().statusCode(200).extract().jsonPath().getMap("rules"));
        rules.putAll(changes);
        rules.put("plans", plans);
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules, "comment", "test policy")).put("/api/policies/{service}", service)
                .then().statusCode(200);
    }

    static Map<String, Object> signals(String service) {
        Map<String, Object> signals = AssessmentResourceTest.checkout();
        signals.put("service", service);
        return signals;
    }

    static ValidatableResponse report(Map<String, Object> signals) {
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("title", "Checkout errors after v1.5.0", "detectedAt", "2026-01-01T10:00:00Z", "signals", signals))
                .post("/api/incidents").then();
    }

    static ValidatableResponse act(String id, String action, String bearer, String comment) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(comment == null ? Map.of() : Map.of("comment", comment))
                .post("/api/incidents/{id}/" + action, id).then();
    }

    private static int approvalsOf(String id) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM decision.approvals WHERE incident_id = ?::uuid")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aReportedIncidentCarriesTheDecisionRecordAndWaitsForItsApprover() {
        String id = report(signals(newService())).statusCode(201)
                .header("Location", containsString("/api/incidents/"))
                .body("status", equalTo("PENDING_APPROVAL"))
                .body("decisionRecord.issue", equalTo("Checkout errors after v1.5.0"))
                .body("decisionRecord.impact", equalTo("20% of users, P1 (High), impact score 100"))
                .body("decisionRecord.detectedAt", startsWith("2026-01-01T10:00"))
                .body("decisionRecord.decidedAt", notNullValue())
                .body("decisionRecord.timeLost", startsWith("PT"))
                .body("decisionRecord.decision", equalTo("ROLLBACK"))
                .body("decisionRecord.rationale", startsWith("ROLLBACK: "))
                .body("decisionRecord.authorisedBy", nullValue())
                .body("approval.level", equalTo("ON_CALL_LEAD"))
                .body("assessment.criteria[0].name", equalTo("impactScore"))
                .body("policyVersion", equalTo(1))
                .body("rollback.request", equalTo("NONE"))
                .extract().path("id");
        var incident = given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", id)
                .then().statusCode(200).extract().jsonPath();
        Duration window = Duration.between(OffsetDateTime.parse(incident.getString("decisionRecord.decidedAt")),
                OffsetDateTime.parse(incident.getString("approval.dueAt")));
        assertEquals(Duration.ofMinutes(15), window, "an on-call lead has 15 minutes");
    }

    @Test
    void onlyAnApproverApprovesOnceAndIsRecorded() throws Exception {
        String id = report(signals(newService())).statusCode(201).extract().path("id");
        for (Role role : new Role[] { Role.VIEWER, Role.OPERATOR, Role.ADMIN }) {
            assertProblem(act(id, "approve", TestKeys.bearer(role), null), 403, "forbidden");
        }
        for (String service : Services.ALL) {
            assertProblem(act(id, "approve", TestKeys.bearer(service), null), 403, "forbidden");
        }
        assertEquals(0, approvalsOf(id));

        act(id, "approve", TestKeys.bearer(Role.APPROVER), "error rate is climbing").statusCode(200)
                .body("status", equalTo("APPROVED"))
                .body("decisionRecord.authorisedBy", equalTo("test-approver"))
                .body("approvals", hasSize(1))
                .body("approvals[0].action", equalTo("APPROVE"))
                .body("approvals[0].by", equalTo("test-approver"))
                .body("approvals[0].comment", equalTo("error rate is climbing"))
                .body("approvals[0].late", equalTo(false))
                .body("rollback.request", equalTo("PENDING"));

        assertProblem(act(id, "approve", "Bearer " + TestKeys.LEAD_APPROVER, null), 409, "conflict");
        assertProblem(act(id, "reject", TestKeys.bearer(Role.APPROVER), null), 409, "conflict");
        assertEquals(1, approvalsOf(id));
    }

    @Test
    void aTeamLeadDecisionNeedsATeamLead() throws Exception {
        Map<String, Object> p2 = signals(newService());
        p2.put("severity", "P2");
        String id = report(p2).statusCode(201).body("approval.level", equalTo("TEAM_LEAD")).extract().path("id");
        assertProblem(act(id, "approve", TestKeys.bearer(Role.APPROVER), null), 403, "forbidden")
                .body("detail", containsString("team-lead"));
        assertEquals(0, approvalsOf(id));
        act(id, "approve", "Bearer " + TestKeys.LEAD_APPROVER, null).statusCode(200)
                .body("status", equalTo("APPROVED")).body("approvals[0].by", equalTo("test-lead"));
    }

    @Test
    void anApprovalAfterItsDeadlineIsAcceptedButFlagged() {
        String service = newService();
        Map<String, Object> rules = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", service).then().extract().jsonPath().getMap("rules");
        @SuppressWarnings("unchecked")
        Map<String, Object> approvals = (Map<String, Object>) rules.get("approvals");
        approvals.put("P1", Map.of("level", "ON_CALL_LEAD", "within", "PT0S"));
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/{service}", service).then().statusCode(200);

        String id = report(signals(service)).statusCode(201).body("policyVersion", equalTo(2)).extract().path("id");
        act(id, "approve", TestKeys.bearer(Role.APPROVER), null).statusCode(200)
                .body("status", equalTo("APPROVED")).body("approvals[0].late", equalTo(true));
    }

    @Test
    void aRejectedRollbackStaysRejected() {
        String id = report(signals(newService())).statusCode(201).extract().path("id");
        act(id, "reject", TestKeys.bearer(Role.APPROVER), "fix is 5 minutes out").statusCode(200)
                .body("status", equalTo("REJECTED")).body("rollback.request", equalTo("NONE"))
                .body("approvals[0].action", equalTo("REJECT"));
        assertProblem(act(id, "approve", TestKeys.bearer(Role.APPROVER), null), 409, "conflict");
    }

    @Test
    void aRollbackThatNeedsNoApprovalIsRequestedAtOnce() {
        Map<String, Object> p0 = signals(newService());
        p0.put("severity", "P0");
        p0.put("usersAffectedPercent", 100);
        p0.put("crash", true);
        report(p0).statusCode(201)
                .body("status", equalTo("APPROVED"))
                .body("approval.level", equalTo("NONE"))
                .body("decisionRecord.authorisedBy", startsWith("policy v1"))
                .body("rollback.request", equalTo("PENDING"));
    }

    @Test
    void otherDecisionsOpenTheIncidentAndMissingSignalsEscalate() {
        Map<String, Object> minor = signals(newService());
        minor.put("severity", "P3");
        minor.put("usersAffectedPercent", 2);
        minor.put("errorRatePercent", 0.5);
        minor.put("workaround", "EASY");
        report(minor).statusCode(201).body("status", equalTo("OPEN")).body("decisionRecord.decision", equalTo("WORKAROUND"));

        Map<String, Object> unknown = signals(newService());
        unknown.remove("dataMigration");
        report(unknown).statusCode(201).body("status", equalTo("PENDING_APPROVAL"))
                .body("decisionRecord.decision", equalTo("INCONCLUSIVE")).body("approval.level", equalTo("ON_CALL_LEAD"));
    }

    @Test
    void listsFilterByServiceAndStatus() {
        String service = newService();
        report(signals(service)).statusCode(201);
        report(signals(service)).statusCode(201);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).queryParam("service", service)
                .queryParam("status", "PENDING_APPROVAL").get("/api/incidents")
                .then().statusCode(200).body("$", hasSize(2)).body("service", everyItem(equalTo(service)));
    }

    @Test
    void badReportsAndUnknownIncidentsAreProblems() {
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("title", "no signals")).post("/api/incidents").then(), 400, "validation")
                .body("errors[0].field", equalTo("signals"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/incidents/{id}", UUID.randomUUID()).then(), 404, "not-found");
        assertProblem(act(UUID.randomUUID().toString(), "approve", TestKeys.bearer(Role.APPROVER), null), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).queryParam("status", "DONE")
                .get("/api/incidents").then(), 400, "validation").body("errors[0].field", equalTo("status"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/not-a-uuid").then(),
                404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).contentType(ContentType.JSON)
                .body(Map.of("signals", signals(newService()))).post("/api/incidents").then(), 403, "forbidden");
    }
}
