package io.rewind.status;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

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
 * PostgreSQL of {@link TestResources}: JSON and validation reflection, the Qute templates of the public page, Flyway's
 * migration files and the API-key filter are what a native build could break.
 */
@QuarkusIntegrationTest
class StatusServiceIT {

    @Test
    void readyAgainstPostgresqlWithItsSchemaMigrated() {
        Readiness.assertReadyWithPostgresql();
    }

    @Test
    void aComponentCreatedWithAnAdminKeyIsReadBackAndShownOnThePublicPage() {
        String name = "Checkout " + UUID.randomUUID().toString().substring(0, 8);
        String id = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("name", name, "status", "degraded_performance"))
                .post("/api/admin/components").then().statusCode(201)
                .body("name", equalTo(name))
                .extract().path("id");

        given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/admin/components/{id}", id).then().statusCode(200)
                .body("name", equalTo(name))
                .body("status", equalTo("degraded_performance"));

        given().get("/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString(name))
                .body(containsString("Degraded performance"));
    }

    @Test
    void anIncidentHoldsItsComponentsAndShowsOnThePublicApiAndPage() {
        String component = StatusFixtures.component(StatusFixtures.unique("Payments"));
        String name = StatusFixtures.unique("Card payments failing");
        String id = StatusFixtures.incident(name, "major",
                List.of(StatusFixtures.change(component, "partial_outage")));

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/admin/incidents/{id}", id).then()
                .statusCode(200)
                .body("components[0].id", equalTo(component))
                .body("components[0].status", equalTo("partial_outage"))
                .body("updates[0].affectedComponents[0].new_status", equalTo("partial_outage"));
        given().get("/api/v2/incidents/unresolved.json").then().statusCode(200)
                .body("incidents.name", hasItem(name));
        given().get("/api/v2/summary.json").then().statusCode(200)
                .body("incidents.name", hasItem(name));
        given().get("/incidents/{id}", id).then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString(name));
        // Pages of the admin lists (RestResponse<List<...>>) carry whole items, not empty objects.
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/admin/incidents?limit=500").then()
                .statusCode(200).body("name", hasItem(name));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/admin/components?limit=500").then()
                .statusCode(200).body("id", hasItem(component));
        given().get("/api/v2/uptime.json").then().statusCode(200).body("components.id", hasItem(component));
    }

    @Test
    void anInvalidComponentIsA400ProblemNamingTheField() {
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("name", " ")).post("/api/admin/components").then(), 400, "validation")
                .body("errors.field", hasItem("name"));
    }

    @Test
    void withoutAKeyTheAdminApiIsA401Problem() {
        assertProblem(given().get("/api/admin/components").then(), 401, "unauthorized");
    }
}
