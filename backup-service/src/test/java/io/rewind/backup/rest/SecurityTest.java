package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

/** Who may call what: the role matrix of DESIGN.md, on this service's endpoints. */
@QuarkusTest
class SecurityTest {

    @ParameterizedTest
    @ValueSource(strings = { "/api/databases", "/api/databases/shop", "/q/metrics", "/q/openapi", "/api/anything" })
    void withoutAKeyEverythingButHealthIs401WithABearerChallenge(String path) {
        assertProblem(given().get(path).then(), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer realm=\"rewind\"");
    }

    @Test
    void registeringWithoutAKeyIs401AndStoresNothing() {
        assertProblem(given().contentType(ContentType.JSON).body(Databases.request("no-key")).post("/api/databases").then(),
                401, "unauthorized").header("WWW-Authenticate", "Bearer realm=\"rewind\"");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases/no-key").then().statusCode(404);
    }

    @Test
    void anUnknownKeyOrAnotherSchemeIs401() {
        assertProblem(given().header("Authorization", "Bearer not-a-key").get("/api/databases").then(),
                401, "unauthorized");
        assertProblem(given().auth().preemptive().basic("admin", TestKeys.key(Role.ADMIN))
                .get("/api/databases").then(), 401, "unauthorized");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q/health", "/q/health/live", "/q/health/ready" })
    void healthIsPublic(String path) {
        given().get(path).then().statusCode(200).body("status", equalTo("UP"));
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void everyRoleReads(Role role) {
        given().header("Authorization", TestKeys.bearer(role)).get("/api/databases").then().statusCode(200);
        given().header("Authorization", TestKeys.bearer(role)).get("/q/metrics").then().statusCode(200);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = { "VIEWER", "OPERATOR", "APPROVER", "SERVICE" })
    void onlyAdminsRegisterChangeOrRemoveDatabases(Role role) {
        String name = Databases.newName();
        assertProblem(given().header("Authorization", TestKeys.bearer(role)).contentType(ContentType.JSON)
                .body(Databases.request(name)).post("/api/databases").then(), 403, "forbidden");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases/{name}", name)
                .then().statusCode(404);

        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Databases.request(name)).post("/api/databases").then().statusCode(201);
        assertProblem(given().header("Authorization", TestKeys.bearer(role)).contentType(ContentType.JSON)
                .body(Databases.request(name)).put("/api/databases/{name}", name).then(), 403, "forbidden");
        assertProblem(given().header("Authorization", TestKeys.bearer(role))
                .delete("/api/databases/{name}", name).then(), 403, "forbidden");
        given().header("Authorization", TestKeys.bearer(role)).get("/api/databases/{name}", name)
                .then().statusCode(200);
    }
}
