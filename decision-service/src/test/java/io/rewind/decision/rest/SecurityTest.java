package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
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
    @EnumSource(Role.class)
    void everyRoleReads(Role role) {
        given().header("Authorization", TestKeys.bearer(role)).get("/api/policies/checkout").then().statusCode(200);
        given().header("Authorization", TestKeys.bearer(role)).get("/q/metrics").then().statusCode(200);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = { "VIEWER", "OPERATOR", "APPROVER", "SERVICE" })
    void onlyAdminsChangePolicies(Role role) {
        Map<String, Object> rules = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/checkout").then().extract().jsonPath().getMap("rules");
        assertProblem(given().header("Authorization", TestKeys.bearer(role)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/security-matrix").then(), 403, "forbidden");
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/security-matrix").then().statusCode(200);
    }
}
