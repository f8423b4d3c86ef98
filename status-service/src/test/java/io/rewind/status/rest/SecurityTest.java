package io.rewind.status.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;
import io.rewind.status.StatusFixtures;

/** Who may call what: the page and its Statuspage API are public, the admin API follows the role matrix. */
@QuarkusTest
class SecurityTest {

    private static String newName() {
        return "sec-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String create(String name) {
        return given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("name", name)).post("/api/admin/components").then().statusCode(201)
                .extract().path("id");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/admin/components", "/api/admin/component-groups", "/q/metrics", "/q/openapi",
            "/api/anything" })
    void withoutAKeyTheAdminApiIs401WithABearerChallenge(String path) {
        assertProblem(given().get(path).then(), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer realm=\"rewind\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/v2/components.json", "/q/health/ready", "/q/health/live" })
    void theStatuspageApiAndHealthArePublic(String path) {
        given().get(path).then().statusCode(200);
    }

    /** The pages are not served yet, but a reader without a key must never be asked for one. */
    @ParameterizedTest
    @ValueSource(strings = { "/", "/history", "/feed.atom", "/incidents/42",
            "/api/v2/summary.json" })
    void thePublicPagesNeedNoKey(String path) {
        given().get(path).then().statusCode(not(oneOf(401, 403)));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = { "VIEWER", "OPERATOR", "APPROVER", "ADMIN" })
    void everyPersonsRoleReads(Role role) {
        given().header("Authorization", TestKeys.bearer(role)).get("/api/admin/components").then().statusCode(200);
        given().header("Authorization", TestKeys.bearer(role)).get("/api/admin/component-groups").then().statusCode(200);
    }

    /** A service key is no viewer: executor-service reads the component list it needs, and nothing else here. */
    @Test
    void serviceKeysReadOnlyWhatTheirServiceNeeds() {
        given().header("Authorization", TestKeys.bearer(Services.EXECUTOR)).get("/api/admin/components").then()
                .statusCode(200);
        assertProblem(given().header("Authorization", TestKeys.bearer(Services.EXECUTOR))
                .get("/api/admin/component-groups").then(), 403, "forbidden");
        for (String service : new String[] { Services.DECISION, Services.BACKUP, Services.STATUS }) {
            assertProblem(given().header("Authorization", TestKeys.bearer(service)).get("/api/admin/components")
                    .then(), 403, "forbidden");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { Services.DECISION, Services.EXECUTOR, Services.BACKUP, Services.STATUS })
    void noServiceKeyCreatesDeletesOrChangesComponents(String service) throws Exception {
        String name = newName();
        assertProblem(given().header("Authorization", TestKeys.bearer(service)).contentType(ContentType.JSON)
                .body(Map.of("name", name)).post("/api/admin/components").then(), 403, "forbidden");
        String id = create(newName());
        assertProblem(given().header("Authorization", TestKeys.bearer(service)).contentType(ContentType.JSON)
                .body(Map.of("status", "major_outage")).patch("/api/admin/components/{id}", id).then(), 403, "forbidden");
        assertProblem(given().header("Authorization", TestKeys.bearer(service))
                .delete("/api/admin/components/{id}", id).then(), 403, "forbidden");
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).get("/api/admin/components/{id}", id)
                .then().statusCode(200).body("status", equalTo("operational"));
        assertEquals(0, StatusFixtures.count("SELECT count(*) FROM status.components WHERE name = ?", name));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = { "VIEWER", "OPERATOR", "APPROVER" })
    void onlyAdminsCreateOrDeleteComponentsAndGroups(Role role) {
        assertProblem(given().header("Authorization", TestKeys.bearer(role)).contentType(ContentType.JSON)
                .body(Map.of("name", newName())).post("/api/admin/components").then(), 403, "forbidden");
        assertProblem(given().header("Authorization", TestKeys.bearer(role)).contentType(ContentType.JSON)
                .body(Map.of("name", newName())).post("/api/admin/component-groups").then(), 403, "forbidden");
        String id = create(newName());
        assertProblem(given().header("Authorization", TestKeys.bearer(role))
                .delete("/api/admin/components/{id}", id).then(), 403, "forbidden");
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).get("/api/admin/components/{id}", id)
                .then().statusCode(200);
    }

    @Test
    void anAdminCreatesAndDeletes() {
        String id = create(newName());
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/admin/components/{id}", id)
                .then().statusCode(204);
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = { "OPERATOR", "ADMIN" })
    void operatorsChangeAComponentsStatus(Role role) {
        String id = create(newName());
        given().header("Authorization", TestKeys.bearer(role)).contentType(ContentType.JSON)
                .body(Map.of("status", "major_outage")).patch("/api/admin/components/{id}", id)
                .then().statusCode(200).body("status", equalTo("major_outage"));
    }

    @Test
    void anOperatorChangesNothingButTheStatusAndAViewerNotEvenThat() {
        String name = newName();
        String id = create(name);
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("status", "partial_outage", "name", newName())).patch("/api/admin/components/{id}", id)
                .then(), 403, "forbidden");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).contentType(ContentType.JSON)
                .body(Map.of("status", "partial_outage")).patch("/api/admin/components/{id}", id)
                .then(), 403, "forbidden");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/admin/components/{id}", id)
                .then().statusCode(200).body("name", equalTo(name)).body("status", equalTo("operational"));
    }
}
