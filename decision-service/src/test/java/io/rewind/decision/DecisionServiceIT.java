package io.rewind.decision;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.testing.Readiness;
import io.rewind.common.testing.TestKeys;

/**
 * The packaged service as a process (the native executable with {@code -Dnative}, else the jar), against the real
 * PostgreSQL of {@link TestResources}: what a native build could break (reflection for JSON and validation, Flyway's
 * migration files, the API-key filter, the problem mappers) is exercised end to end.
 */
@QuarkusIntegrationTest
class DecisionServiceIT {

    @Test
    void readyAgainstPostgresqlWithItsSchemaMigrated() {
        Readiness.assertReadyWithPostgresql();
    }

    @Test
    void aPolicyChangeIsStoredAndReadBackWithItsAuthor() {
        String service = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> rules = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", service).then().statusCode(200)
                .body("version", equalTo(0))
                .extract().jsonPath().getMap("rules");
        rules.put("rollbackScoreAbove", 40);

        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .header("If-Match", "\"0\"")
                .body(Map.of("rules", rules, "comment", "native round trip"))
                .put("/api/policies/{service}", service)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("createdBy", equalTo("test-admin"));

        given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", service).then().statusCode(200)
                .body("version", equalTo(1))
                .body("defaults", equalTo(false))
                .body("comment", equalTo("native round trip"))
                .body("rules.rollbackScoreAbove", equalTo(40.0f));

        // A page of a list (RestResponse<List<...>>): its items written whole, not as empty objects.
        given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}/versions?limit=1", service).then().statusCode(200)
                .body("version", equalTo(List.of(1)))
                .body("[0].createdBy", equalTo("test-admin"))
                .body("[0].rules.rollbackScoreAbove", equalTo(40.0f));
    }

    @Test
    void anIncidentIsStoredWithItsStrategyItsPlanAndItsContradictionsAndReadBack() {
        String service = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> rules = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", service).then().statusCode(200).extract().jsonPath().getMap("rules");
        rules.put("plans", Map.of("REVERT_DEPLOYMENT", service + "-undo"));
        rules.put("autoRollback", false);
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/{service}", service).then().statusCode(200)
                .body("rules.plans.REVERT_DEPLOYMENT", equalTo(service + "-undo"));
        Map<String, Object> signals = Map.of("service", service, "severity", "P3", "usersAffectedPercent", 2,
                "dataMigration", "NONE", "dataCorruption", true);
        String id = given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("signals", signals)).post("/api/incidents").then().statusCode(201)
                .extract().path("id");
        // Read back from the JSON column: typed criterion groups in lower case, the contradiction, the plan.
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}", id).then().statusCode(200)
                .body("assessment.decision", equalTo("ROLLBACK"))
                .body("assessment.criteria.group", hasItem("trigger"))
                .body("assessment.contradictions", hasItem("severity P3 (Low) contradicts a reported data corruption"))
                .body("rollback.strategy", equalTo("REVERT_DEPLOYMENT"))
                .body("rollback.plan", equalTo(service + "-undo"));
    }

    @Test
    void anInvalidPolicyIsA400ProblemNamingTheField() {
        String service = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> rules = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", service).then().statusCode(200)
                .extract().jsonPath().getMap("rules");
        rules.put("errorRateRollbackAbovePercent", 150);

        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/{service}", service).then(), 400, "validation")
                .body("errors.field", hasItem("rules.errorRateRollbackAbovePercent"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body("{\"rules\": {").put("/api/policies/{service}", service).then(), 400, "malformed-request");
    }

    @Test
    void withoutAKeyTheApiIsA401Problem() {
        assertProblem(given().get("/api/policies/{service}", "checkout").then(), 401, "unauthorized");
    }
}
