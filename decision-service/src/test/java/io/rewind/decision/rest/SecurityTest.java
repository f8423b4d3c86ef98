package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;

/** Who may call what: the role matrix of DESIGN.md, on this service's endpoints. */
@QuarkusTest
class SecurityTest {

    @ParameterizedTest
    @ValueSource(strings = { "/api/policies/checkout", "/q/metrics", "/q/openapi", "/api/anything" })
    void withoutAKeyEverythingButHealthIs401WithABearerChallenge(String path) {
        assertProblem(given().get(path).then(), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer realm=\"rewind\"");
    }

    @Test
    void anUnknownKeyOrAnotherSchemeIs401() {
        assertProblem(given().header("Authorization", "Bearer not-a-key").get("/api/policies/checkout").then(),
                401, "unauthorized");
        assertProblem(given().auth().preemptive().basic("admin", TestKeys.key(Role.ADMIN))
                .get("/api/policies/checkout").then(), 401, "unauthorized");
        assertProblem(given().header("Authorization", "Bearer ").get("/api/policies/checkout").then(),
                401, "unauthorized");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health", "/q/health/live", "/q/health/ready" })
    void healthIsPublic(String path) {
        given().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "SERVICE", mode = EnumSource.Mode.EXCLUDE)
    void everyPersonsRoleReads(Role role) {
        given().header("Authorization", TestKeys.bearer(role)).get("/api/policies/checkout").then().statusCode(200);
        given().header("Authorization", TestKeys.bearer(role)).get("/q/metrics").then().statusCode(200);
    }

    /** No service calls decision-service's API (README's service-grants table has no row for it): a service key reads nothing. */
    @ParameterizedTest
    @ValueSource(strings = { Services.DECISION, Services.EXECUTOR, Services.BACKUP, Services.STATUS })
    void aServiceKeyReadsNothingOfThisApi(String service) {
        for (String path : new String[] { "/api/policies/checkout", "/api/incidents", "/api/analyses",
                "/api/metric-sources" }) {
            assertProblem(given().header("Authorization", TestKeys.bearer(service)).get(path).then(), 403, "forbidden");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "viewer", "operator", "approver", Services.DECISION, Services.EXECUTOR, Services.BACKUP,
            Services.STATUS })
    void onlyAdminsChangePolicies(String who) throws Exception {
        String bearer = Services.isService(who) ? TestKeys.bearer(who) : TestKeys.bearer(Role.parse(who));
        String service = "security-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> rules = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/checkout").then().extract().jsonPath().getMap("rules");
        rules.put("rollbackScoreAbove", 1);
        assertProblem(given().header("Authorization", bearer).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/{service}", service).then(), 403, "forbidden");
        assertEquals(0, storedVersions(service), "the refused change stored nothing");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/policies/{service}", service).then()
                .statusCode(200).body("version", equalTo(0));
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/{service}", service).then().statusCode(200);
        assertEquals(1, storedVersions(service));
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
}
