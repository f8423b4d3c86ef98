package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;

@QuarkusTest
class PolicyResourceTest {

    private static String newService() {
        return "svc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> currentRules(String service) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", service).then().statusCode(200)
                .extract().jsonPath().getMap("rules");
    }

    private static int storedVersions(String service) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM decision.policy_versions WHERE service = ?")) {
            s.setString(1, service);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aServiceWithoutAPolicyGetsTheRunbookDefaultsAsVersionZero() {
        given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", newService())
                .then().statusCode(200)
                .header("ETag", "\"0\"")
                .body("version", equalTo(0))
                .body("defaults", equalTo(true))
                .body("rules.severityWeights.P0", equalTo(10))
                .body("rules.severityWeights.P1", equalTo(5))
                .body("rules.severityWeights.P2", equalTo(2))
                .body("rules.severityWeights.P3", equalTo(1))
                .body("rules.rollbackScoreAbove", equalTo(50.0f))
                .body("rules.errorRateRollbackAbovePercent", equalTo(10.0f))
                .body("rules.approvals.P1.level", equalTo("ON_CALL_LEAD"))
                .body("rules.approvals.P1.within", equalTo("PT15M"))
                .body("rules.approvals.P2.level", equalTo("TEAM_LEAD"))
                .body("rules.approvals.P2.within", equalTo("PT1H"))
                .body("rules.approvals.P0.level", equalTo("NONE"))
                .body("rules.maxBackupAgeHours", equalTo(4));
    }

    @Test
    void aChangeIsStoredAsTheNextVersionWithItsAuthor() throws Exception {
        String service = newService();
        Map<String, Object> rules = currentRules(service);
        rules.put("rollbackScoreAbove", 40);

        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .header("If-Match", "\"0\"")
                .body(Map.of("rules", rules, "comment", "checkout is revenue-critical"))
                .put("/api/policies/{service}", service)
                .then().statusCode(200)
                .header("ETag", "\"1\"")
                .body("version", equalTo(1))
                .body("defaults", equalTo(false))
                .body("createdBy", equalTo("test-admin"))
                .body("comment", equalTo("checkout is revenue-critical"))
                .body("rules.rollbackScoreAbove", equalTo(40.0f));

        rules.put("rollbackScoreAbove", 30);
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/{service}", service)
                .then().statusCode(200).body("version", equalTo(2));

        given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}/versions", service)
                .then().statusCode(200).body("version", contains(2, 1));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}/versions/1", service)
                .then().statusCode(200).body("rules.rollbackScoreAbove", equalTo(40.0f));
        assertEquals(2, storedVersions(service));
    }

    @Test
    void aChangeBasedOnAStaleVersionIsAConflictAndStoresNothing() throws Exception {
        String service = newService();
        Map<String, Object> rules = currentRules(service);
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/{service}", service).then().statusCode(200);

        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .header("If-Match", "\"0\"").body(Map.of("rules", rules))
                .put("/api/policies/{service}", service).then(), 409, "conflict");
        assertEquals(1, storedVersions(service));
    }

    @Test
    void invalidPoliciesAreRefusedNamingTheFieldAndStoreNothing() throws Exception {
        String service = newService();
        Map<String, Object> rules = currentRules(service);

        rules.put("timeToFixShortBelowMinutes", 90);
        assertProblem(put(service, Map.of("rules", rules)), 400, "validation")
                .body("errors.field", hasItem("rules.timeToFixShortBelowMinutes"));

        rules = currentRules(service);
        rules.put("errorRateRollbackAbovePercent", 150);
        assertProblem(put(service, Map.of("rules", rules)), 400, "validation")
                .body("errors.field", hasItem("rules.errorRateRollbackAbovePercent"));

        rules = currentRules(service);
        rules.remove("autoRollback");
        assertProblem(put(service, Map.of("rules", rules)), 400, "validation")
                .body("errors.field", hasItem("rules.autoRollback"));

        rules = currentRules(service);
        rules.put("severityWeights", Map.of("P0", 10));
        assertProblem(put(service, Map.of("rules", rules)), 400, "validation")
                .body("errors.field", hasItem("rules.severityWeights"));

        assertEquals(0, storedVersions(service));
    }

    @Test
    void anUnknownEnumValueAWrongTypeOrAMalformedBodyIsA400AndStoresNothing() throws Exception {
        String service = newService();
        Map<String, Object> rules = currentRules(service);

        rules.put("approvals", Map.of("P0", Map.of("level", "CEO", "within", "PT0S")));
        assertProblem(put(service, Map.of("rules", rules)), 400, "validation")
                .body("errors[0].field", equalTo("rules.approvals.P0.level"))
                .body("errors[0].message", equalTo("must be one of NONE, ON_CALL_LEAD, TEAM_LEAD (got 'CEO')"));

        rules = currentRules(service);
        rules.put("maxBackupAgeHours", "four");
        assertProblem(put(service, Map.of("rules", rules)), 400, "validation")
                .body("errors[0].field", equalTo("rules.maxBackupAgeHours"));

        rules = currentRules(service);
        rules.put("approvals", Map.of("P0", Map.of("level", "NONE", "within", "soon")));
        assertProblem(put(service, Map.of("rules", rules)), 400, "validation")
                .body("errors[0].field", equalTo("rules.approvals.P0.within"));

        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body("{\"rules\": {").put("/api/policies/{service}", service).then(), 400, "malformed-request");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .put("/api/policies/{service}", service).then(), 400, "validation")
                .body("errors[0].field", equalTo("body"));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.TEXT)
                .body("rules").put("/api/policies/{service}", service).then(), 415, "unsupported-media-type");

        assertEquals(0, storedVersions(service));
    }

    @Test
    void aServiceNameThatIsNotADnsLabelIsA400() {
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", "Check_Out").then(), 400, "validation")
                .body("errors[0].field", equalTo("service"));
    }

    @Test
    void anUnknownVersionIsA404() {
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}/versions/7", newService()).then(), 404, "not-found");
    }

    private static io.restassured.response.ValidatableResponse put(String service, Object body) {
        return given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(body).put("/api/policies/{service}", service).then();
    }

}
