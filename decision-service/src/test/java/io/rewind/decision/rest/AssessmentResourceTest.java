package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;
import io.rewind.decision.BackupServiceStub;

@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AssessmentResourceTest {

    /** DESIGN.md's assessment contract, verbatim. */
    static Map<String, Object> checkout() {
        Map<String, Object> signals = new HashMap<>();
        signals.put("service", "checkout");
        signals.put("release", Map.of("from", "v1.4.2", "to", "v1.5.0"));
        signals.put("severity", "P1");
        signals.put("usersAffectedPercent", 20);
        signals.put("timeToFixMinutes", 90);
        signals.put("dataMigration", "NONE");
        signals.put("openIssues", 1);
        signals.put("workaround", "NONE");
        signals.put("errorRatePercent", 12.5);
        signals.put("baselineErrorRatePercent", 0.4);
        signals.put("latencyDegradationPercent", 0);
        signals.put("crash", false);
        signals.put("dataCorruption", false);
        signals.put("securityBreach", false);
        return signals;
    }

    private static ValidatableResponse assess(Map<String, Object> signals) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).contentType(ContentType.JSON)
                .body(signals).post("/api/assessments").then();
    }

    @Test
    @Order(1)
    void theDesignExampleRollsBackAtOnceAsAnImmediateTrigger() {
        // DESIGN.md's example has the on-call lead approve within 15 min: that is a policy with
        // immediateRollbackWithoutApproval off (DecisionEngineTest checks it). The runbooks' default follows seed 004:
        // an error rate above 10 % is an immediate rollback, approved as a critical incident: none, post-mortem after.
        assess(checkout()).statusCode(200)
                .body("decision", equalTo("ROLLBACK"))
                .body("impactScore", equalTo(100.0f))
                .body("approval.level", equalTo("NONE"))
                .body("approval.within", equalTo("PT0S"))
                .body("approval.reason", containsString("post-mortem after"))
                .body("contradictions", hasSize(0))
                .body("strategy.kind", equalTo("REVERT_DEPLOYMENT"))
                .body("strategy.expectedMinutes.min", equalTo(5))
                .body("strategy.expectedMinutes.max", equalTo(15))
                .body("criteria[0].name", equalTo("impactScore"))
                .body("criteria[0].value", equalTo(100.0f))
                .body("criteria[0].verdict", equalTo("ROLLBACK"))
                .body("criteria[0].reason", startsWith("20% of users x P1 weight 5 = 100 > 50"))
                .body("policyVersion", equalTo(0))
                .body("summary", startsWith("ROLLBACK: "));
    }

    @Test
    @Order(2)
    void aPolicyChangeChangesTheDecisionAndTheAssessmentNamesTheVersion() {
        String service = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> signals = checkout();
        signals.put("service", service);
        signals.put("severity", "P2");
        signals.put("usersAffectedPercent", 22);
        signals.put("workaround", "EASY");
        signals.put("timeToFixMinutes", 10);
        signals.put("errorRatePercent", 0.5);
        assess(signals).statusCode(200).body("decision", equalTo("WORKAROUND")).body("impactScore", equalTo(44.0f));

        Map<String, Object> rules = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", service).then().extract().jsonPath().getMap("rules");
        rules.put("rollbackScoreAbove", 40);
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/{service}", service).then().statusCode(200);

        assess(signals).statusCode(200).body("decision", equalTo("ROLLBACK")).body("policyVersion", equalTo(1))
                .body("criteria.find { it.name == 'impactScore' }.reason", containsString("44 > 40"));
    }

    @Test
    @Order(3)
    void anIrreversibleMigrationRestoresTheVerifiedBackupBackupServiceReports() {
        BackupServiceStub.REQUESTS.clear();
        BackupServiceStub.answer(200, """
                {"ready": true, "newestVerifiedBackup": {"id": "b-7"}, "age": "PT2H10M",
                 "lastRestoreDuration": "PT4M", "reasons": []}""");
        Map<String, Object> signals = checkout();
        signals.put("dataMigration", "IRREVERSIBLE");
        signals.put("database", "shop");
        assess(signals).statusCode(200)
                .body("decision", equalTo("ROLLBACK"))
                .body("strategy.kind", equalTo("DATABASE_ROLLBACK"))
                .body("dataLossWindow", equalTo("PT2H10M"))
                .body("criteria.find { it.name == 'verifiedBackup' }.reason", containsString("b-7"));
        String request = BackupServiceStub.REQUESTS.peek();
        assertTrue(request.startsWith("/api/databases/shop/readiness?maxAgeHours=4"), request);
        assertTrue(request.endsWith("auth=" + TestKeys.bearer(Services.DECISION)),
                "calls with decision-service's own key: " + request);
    }

    @Test
    @Order(4)
    void anUnregisteredDatabaseMeansFixForwardAndSaysWhy() {
        BackupServiceStub.answer(404, """
                {"type": "urn:rewind:problem:not-found", "status": 404}""");
        Map<String, Object> signals = checkout();
        signals.put("dataMigration", "IRREVERSIBLE");
        signals.put("database", "ledger");
        assess(signals).statusCode(200)
                .body("decision", equalTo("FIX_FORWARD"))
                .body("strategy", nullValue())
                .body("criteria.find { it.name == 'verifiedBackup' }.reason", containsString("'ledger' is not registered"));
    }

    @Test
    @Order(5)
    void badSignalsAre400sNamingTheField() {
        Map<String, Object> signals = checkout();
        signals.put("severity", "P9");
        assertProblem(assess(signals), 400, "validation").body("errors[0].field", equalTo("severity"))
                .body("errors[0].message", containsString("P0, P1, P2, P3"));
        signals = checkout();
        signals.put("usersAffectedPercent", 150);
        assertProblem(assess(signals), 400, "validation").body("errors.field", hasItem("usersAffectedPercent"));
        signals = checkout();
        signals.remove("service");
        assertProblem(assess(signals), 400, "validation").body("errors.field", hasItem("service"));
        signals = checkout();
        signals.put("crash", "maybe");
        assertProblem(assess(signals), 400, "validation").body("errors[0].field", equalTo("crash"));
        assertProblem(given().contentType(ContentType.JSON).body(checkout()).post("/api/assessments").then(),
                401, "unauthorized");
    }

    @Test
    @Order(6)
    void aFailingBackupServiceIsReportedNotGuessed() {
        BackupServiceStub.answer(503, "{}");
        Map<String, Object> signals = checkout();
        signals.put("dataMigration", "IRREVERSIBLE");
        signals.put("database", "shop");
        assess(signals).statusCode(200)
                .body("decision", equalTo("FIX_FORWARD"))
                .body("criteria.find { it.name == 'verifiedBackup' }.reason", containsString("could not be asked"));
    }
}
