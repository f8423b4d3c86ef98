package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** Every person's role reads; no service key reads registrations, which no service needs. */
    @ParameterizedTest
    @EnumSource(value = Role.class, names = { "VIEWER", "OPERATOR", "APPROVER", "ADMIN" })
    void everyPersonsRoleReads(Role role) {
        given().header("Authorization", TestKeys.bearer(role)).get("/api/databases").then().statusCode(200);
        given().header("Authorization", TestKeys.bearer(role)).get("/q/metrics").then().statusCode(200);
    }

    static Stream<String> serviceKeys() {
        return Services.ALL.stream().map(TestKeys::bearer);
    }

    static Stream<String> nonAdminKeys() {
        return Stream.concat(Stream.of(Role.VIEWER, Role.OPERATOR, Role.APPROVER).map(TestKeys::bearer), serviceKeys());
    }

    @ParameterizedTest
    @MethodSource("serviceKeys")
    void noServiceKeyReadsRegistrationsOrTakesBackups(String key) throws Exception {
        String name = Databases.newName();
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Databases.request(name)).post("/api/databases").then().statusCode(201);

        assertProblem(given().header("Authorization", key).get("/api/databases").then(), 403, "forbidden");
        assertProblem(given().header("Authorization", key).get("/api/databases/{name}", name).then(), 403, "forbidden");
        if (key.equals(TestKeys.bearer(Services.DECISION))) {
            return; // decision-service takes pre-deploy backups for release preflights: see decisionServiceTakesBackups
        }
        assertProblem(given().header("Authorization", key).contentType(ContentType.JSON)
                .post("/api/databases/{name}/backups", name).then(), 403, "forbidden");
        assertEquals(0, Sources.count("postgres", "SELECT count(*) FROM backup.backups WHERE database_name = '"
                + name + "'"), "no backup was queued");
    }

    /** A release preflight's grants: take a backup, read it, verify it and read its verifications; nothing more. */
    @Test
    void decisionServiceTakesAndVerifiesPreDeployBackupsButRestoresNothing() throws Exception {
        String name = Databases.newName();
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Databases.request(name)).post("/api/databases").then().statusCode(201);
        String decision = TestKeys.bearer(Services.DECISION);
        String id = given().header("Authorization", decision).contentType(ContentType.JSON)
                .body(Map.of("reason", "pre-deploy", "releaseTag", "v2.0.0"))
                .post("/api/databases/{name}/backups", name).then().statusCode(202)
                .body("reason", equalTo("pre-deploy")).extract().path("id");
        given().header("Authorization", decision).get("/api/backups/{id}", id).then().statusCode(200)
                .body("releaseTag", equalTo("v2.0.0"));
        given().header("Authorization", decision).get("/api/backups/{id}/verifications", id).then().statusCode(200);
        long restores = Sources.count("postgres", "SELECT count(*) FROM backup.restores");
        assertProblem(given().header("Authorization", decision).contentType(ContentType.JSON)
                .body(Map.of("target", name, "confirm", name)).post("/api/backups/{id}/restores", id).then(), 403, "forbidden");
        assertProblem(given().header("Authorization", decision).get("/api/backups").then(), 403, "forbidden");
        assertEquals(restores, Sources.count("postgres", "SELECT count(*) FROM backup.restores"), "nothing was restored");
    }

    @ParameterizedTest
    @MethodSource("nonAdminKeys")
    void onlyAdminsRegisterChangeOrRemoveDatabases(String key) throws Exception {
        String name = Databases.newName();
        assertProblem(given().header("Authorization", key).contentType(ContentType.JSON)
                .body(Databases.request(name)).post("/api/databases").then(), 403, "forbidden");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases/{name}", name)
                .then().statusCode(404);

        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Databases.request(name)).post("/api/databases").then().statusCode(201);
        String row = Databases.row(name);
        // The one change a service's key would most want: letting itself restore over the database.
        Map<String, Object> change = Databases.request(name);
        change.put("serviceRestores", true);
        assertProblem(given().header("Authorization", key).contentType(ContentType.JSON)
                .body(change).put("/api/databases/{name}", name).then(), 403, "forbidden");
        assertProblem(given().header("Authorization", key)
                .delete("/api/databases/{name}", name).then(), 403, "forbidden");
        assertEquals(row, Databases.row(name), "the registration is unchanged");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/databases/{name}", name)
                .then().statusCode(200).body("serviceRestores", equalTo(false));
    }

    @ParameterizedTest
    @ValueSource(strings = { Services.DECISION, Services.BACKUP, Services.STATUS })
    void noServiceKeyButExecutorServicesRestores(String service) throws Exception {
        String name = Databases.newName();
        Map<String, Object> request = Databases.request(name);
        request.put("serviceRestores", true);
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(request).post("/api/databases").then().statusCode(201);
        long restores = Sources.count("postgres", "SELECT count(*) FROM backup.restores");

        assertProblem(given().header("Authorization", TestKeys.bearer(service)).contentType(ContentType.JSON)
                .body(Map.of("target", name, "confirm", name))
                .post("/api/backups/{id}/restores", java.util.UUID.randomUUID()).then(), 403, "forbidden");
        assertEquals(restores, Sources.count("postgres", "SELECT count(*) FROM backup.restores"));
        List.of("/api/backups", "/api/restores/" + java.util.UUID.randomUUID()).forEach(path -> assertProblem(
                given().header("Authorization", TestKeys.bearer(service)).get(path).then(), 403, "forbidden"));
    }
}
