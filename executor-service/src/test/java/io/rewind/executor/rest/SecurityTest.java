package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestPlans;

/** Who may call what: the role matrix of DESIGN.md, on this service's endpoints. */
@QuarkusTest
class SecurityTest {

    private static Map<String, Object> plan(String name) {
        return TestPlans.plan(name, "checkout", List.of(TestPlans.step("undo checkout", StepKind.KUBERNETES_UNDO)));
    }

    private static int stored(String name) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM executor.plans WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/plans", "/api/plans/0b5d9c2e-6f7a-4e43-9d1e-2c8f3a6b7d10", "/q/metrics", "/q/openapi",
            "/api/anything" })
    void withoutAKeyEverythingButHealthIs401WithABearerChallenge(String path) {
        assertProblem(given().get(path).then(), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer realm=\"rewind\"");
    }

    @Test
    void creatingAPlanWithoutAKeyOrWithAnUnknownOneIs401AndStoresNothing() throws Exception {
        String name = TestPlans.newName("sec");
        assertProblem(given().contentType(ContentType.JSON).body(plan(name)).post("/api/plans").then(), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer realm=\"rewind\"");
        assertProblem(given().header("Authorization", "Bearer not-a-key").contentType(ContentType.JSON).body(plan(name))
                .post("/api/plans").then(), 401, "unauthorized");
        assertEquals(0, stored(name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health", "/q/health/live", "/q/health/ready" })
    void healthIsPublic(String path) {
        given().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = { "VIEWER", "OPERATOR", "APPROVER", "ADMIN" })
    void everyPersonsRoleReadsPlansAndMetrics(Role role) {
        given().header("Authorization", TestKeys.bearer(role)).get("/api/plans").then().statusCode(200);
        given().header("Authorization", TestKeys.bearer(role)).get("/q/metrics").then().statusCode(200);
    }

    /** A service's key is no viewer: of the plans, only decision-service reads the list, to find an incident's plan. */
    @ParameterizedTest
    @MethodSource("io.rewind.executor.rest.SecurityTest#services")
    void onlyDecisionServicesKeyReadsThePlanList(String service) {
        String plan = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(plan(TestPlans.newName("sec"))).post("/api/plans").then().statusCode(201).extract().path("id");
        if (service.equals(Services.DECISION)) {
            given().header("Authorization", TestKeys.bearer(service)).get("/api/plans").then().statusCode(200);
        } else {
            assertProblem(given().header("Authorization", TestKeys.bearer(service)).get("/api/plans").then(), 403, "forbidden");
        }
        assertProblem(given().header("Authorization", TestKeys.bearer(service)).get("/api/plans/{id}", plan).then(),
                403, "forbidden");
        assertProblem(given().header("Authorization", TestKeys.bearer(service)).get("/api/targets").then(), 403, "forbidden");
    }

    static Stream<String> services() {
        return Services.ALL.stream();
    }

    /** Every key below admin: the person's roles and every service's key. */
    static Stream<String> belowAdmin() {
        return Stream.concat(Stream.of(Role.VIEWER, Role.OPERATOR, Role.APPROVER).map(TestKeys::bearer),
                Services.ALL.stream().map(TestKeys::bearer));
    }

    @ParameterizedTest
    @MethodSource("belowAdmin")
    void onlyAdminsCreatePlans(String authorization) throws Exception {
        String name = TestPlans.newName("sec");
        assertProblem(given().header("Authorization", authorization).contentType(ContentType.JSON)
                .body(plan(name)).post("/api/plans").then(), 403, "forbidden");
        assertEquals(0, stored(name));
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(plan(name)).post("/api/plans").then().statusCode(201);
        assertEquals(1, stored(name));
    }
}
