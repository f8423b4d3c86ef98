package io.rewind.status.rest;

import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.status.StatusFixtures.ISO_WITH_OFFSET;
import static io.rewind.status.StatusFixtures.change;
import static io.rewind.status.StatusFixtures.component;
import static io.rewind.status.StatusFixtures.componentStatus;
import static io.rewind.status.StatusFixtures.count;
import static io.rewind.status.StatusFixtures.get;
import static io.rewind.status.StatusFixtures.incident;
import static io.rewind.status.StatusFixtures.post;
import static io.rewind.status.StatusFixtures.unique;
import static io.rewind.status.StatusFixtures.update;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.status.StatusFixtures;

@QuarkusTest
class IncidentResourceTest {

    @Test
    void anIncidentGoesFromInvestigatingToResolvedAndItsComponentGoesBackToOperational() {
        String checkout = component(unique("Checkout"));
        var created = post(Role.OPERATOR, "/api/admin/incidents", Map.of("name", "Checkout errors", "impact", "major",
                "body", "We are investigating elevated errors at checkout.",
                "components", List.of(change(checkout, "major_outage"))))
                .statusCode(201)
                .body("status", equalTo("investigating"))
                .body("impact", equalTo("major"))
                .body("stale", equalTo(false))
                .body("startedAt", matchesPattern(ISO_WITH_OFFSET))
                .body("monitoringAt", nullValue())
                .body("resolvedAt", nullValue())
                .body("components[0].id", equalTo(checkout))
                .body("components[0].status", equalTo("major_outage"))
                .body("updates[0].affectedComponents[0].old_status", equalTo("operational"))
                .body("updates[0].affectedComponents[0].new_status", equalTo("major_outage"))
                .extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/api/admin/incidents/" + id));
        assertEquals("major_outage", componentStatus(checkout));

        update(id, "identified", "The 1.5.0 release is at fault; rolling back.", List.of()).statusCode(201)
                .body("status", equalTo("identified"));
        update(id, "monitoring", "Rolled back to 1.4.2; error rates are falling.",
                List.of(change(checkout, "degraded_performance"))).statusCode(201)
                .body("monitoringAt", matchesPattern(ISO_WITH_OFFSET))
                .body("updates[0].affectedComponents[0].old_status", equalTo("major_outage"))
                .body("updates[0].affectedComponents[0].new_status", equalTo("degraded_performance"));
        assertEquals("degraded_performance", componentStatus(checkout));

        JsonPath resolved = update(id, "resolved", "Resolved: checkout works normally again.", List.of())
                .statusCode(201)
                .body("status", equalTo("resolved"))
                .body("resolvedAt", matchesPattern(ISO_WITH_OFFSET))
                .body("updates.status", equalTo(List.of("resolved", "monitoring", "identified", "investigating")))
                .extract().jsonPath();
        assertEquals("operational", componentStatus(checkout), "a resolved incident releases its component");
        assertEquals("degraded_performance", resolved.getString("updates[0].affectedComponents[0].old_status"));
        assertEquals("operational", resolved.getString("updates[0].affectedComponents[0].new_status"));
        assertTrue(OffsetDateTime.parse(resolved.getString("resolvedAt"))
                .isAfter(OffsetDateTime.parse(resolved.getString("monitoringAt"))));

        get(Role.VIEWER, "/api/admin/incidents/" + id).statusCode(200).body("status", equalTo("resolved"))
                .body("updates.size()", equalTo(4));
        get(Role.VIEWER, "/api/admin/incidents?open=false").statusCode(200).body("id", hasItem(id));
        get(Role.VIEWER, "/api/admin/incidents?open=true").statusCode(200).body("id", not(hasItem(id)));
    }

    @Test
    void aComponentStaysDownWhileAnotherOpenIncidentStillHoldsIt() {
        String api = component(unique("API"));
        String web = component(unique("Web"));
        String first = incident("Database failover", "critical", List.of(change(api, "major_outage")));
        String second = incident("Slow pages", "minor",
                List.of(change(api, "degraded_performance"), change(web, "partial_outage")));

        get(Role.VIEWER, "/api/admin/incidents?open=true").statusCode(200).body("id", hasItems(first, second));
        assertEquals("major_outage", componentStatus(api), "the worst hold wins");
        assertEquals("partial_outage", componentStatus(web));

        update(first, "resolved", "The database is back.", List.of()).statusCode(201)
                .body("updates[0].affectedComponents[0].new_status", equalTo("degraded_performance"));
        assertEquals("degraded_performance", componentStatus(api), "the second incident still holds the API");
        assertEquals("partial_outage", componentStatus(web));

        update(second, "resolved", "Pages are fast again.", List.of()).statusCode(201);
        assertEquals("operational", componentStatus(api));
        assertEquals("operational", componentStatus(web));
    }

    @Test
    void anIncidentsNameImpactAndStartCanBeChangedButNotItsStatus() {
        String id = incident(unique("Login"), "minor", List.of());
        String started = "2026-01-01T10:00:00+01:00";
        // The status is not a field a PATCH changes (unknown members are ignored): only an update moves it.
        var ok = RestAssured.given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .contentType(ContentType.JSON)
                .body(Map.of("name", "Login failures", "impact", "critical", "startedAt", started, "status", "resolved"))
                .patch("/api/admin/incidents/{id}", id).then().statusCode(200)
                .body("name", equalTo("Login failures")).body("impact", equalTo("critical"))
                .body("status", equalTo("investigating"));
        assertTrue(OffsetDateTime.parse(ok.extract().path("startedAt")).isEqual(OffsetDateTime.parse(started)));
    }

    @Test
    void anIncidentWithNoUpdateFor15MinutesIsFlaggedStale() throws Exception {
        String id = incident(unique("Search"), "minor", List.of());
        get(Role.VIEWER, "/api/admin/incidents/" + id).statusCode(200).body("stale", equalTo(false));

        StatusFixtures.execute("UPDATE status.incidents SET last_update_at = now() - interval '16 minutes' WHERE id = ?",
                UUID.fromString(id));
        get(Role.VIEWER, "/api/admin/incidents/" + id).statusCode(200).body("stale", equalTo(true));

        waitForStaleGauge();

        update(id, "identified", "Found it: an index rebuild.", List.of()).statusCode(201).body("stale", equalTo(false));
    }

    /** The gauge is recounted every second in tests; waits for it to count the stale incident. */
    private static void waitForStaleGauge() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String metrics = get(Role.VIEWER, "/q/metrics").statusCode(200).extract().asString();
            for (String line : metrics.split("\n")) {
                if (line.startsWith("rewind_status_incidents_stale ") && Double.parseDouble(line.split(" ")[1]) >= 1) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("rewind_status_incidents_stale never counted the stale incident");
    }

    @Test
    void invalidRequestsAre400AndStoreNothing() throws Exception {
        String name = unique("Invalid");
        String unknown = UUID.randomUUID().toString();
        assertProblem(post(Role.OPERATOR, "/api/admin/incidents", Map.of("name", name, "status", "fixed", "body", "x")),
                400, "validation").body("errors[0].field", equalTo("status"));
        assertProblem(post(Role.OPERATOR, "/api/admin/incidents", Map.of("name", name, "impact", "huge", "body", "x")),
                400, "validation").body("errors[0].field", equalTo("impact"));
        assertProblem(post(Role.OPERATOR, "/api/admin/incidents", Map.of("name", name)), 400, "validation")
                .body("errors[0].field", equalTo("body"));
        assertProblem(post(Role.OPERATOR, "/api/admin/incidents", Map.of("name", name, "body", "x",
                "components", List.of(change(unknown, "major_outage")))), 400, "validation")
                .body("errors[0].field", equalTo("components[0].id"));
        assertProblem(post(Role.OPERATOR, "/api/admin/incidents", Map.of("name", name, "body", "x",
                "components", List.of(Map.of("id", component(unique("NoStatus")))))), 400, "validation")
                .body("errors[0].field", equalTo("components[0].status"));
        assertEquals(0, count("SELECT count(*) FROM status.incidents WHERE name = ?", name));

        String id = incident(unique("Valid"), "none", List.of());
        assertProblem(update(id, "scheduled", "x", List.of()), 400, "validation").body("errors[0].field", equalTo("status"));
        assertProblem(update(id, "resolved", " ", List.of()), 400, "validation").body("errors[0].field", equalTo("body"));
        assertEquals(1, count("SELECT count(*) FROM status.incident_updates WHERE incident_id = ?", UUID.fromString(id)));
    }

    @Test
    void unknownIncidentsAre404AndRolesAreEnforced() {
        String unknown = UUID.randomUUID().toString();
        assertProblem(get(Role.VIEWER, "/api/admin/incidents/" + unknown), 404, "not-found");
        assertProblem(update(unknown, "resolved", "x", List.of()), 404, "not-found");
        assertProblem(get(Role.VIEWER, "/api/admin/incidents/not-a-uuid"), 404, "not-found");

        assertProblem(post(Role.VIEWER, "/api/admin/incidents", Map.of("name", "x", "body", "y")), 403, "forbidden");
        assertProblem(RestAssured.given().contentType(ContentType.JSON).body(Map.of("name", "x", "body", "y"))
                .post("/api/admin/incidents").then(), 401, "unauthorized");
        String maintenance = post(Role.ADMIN, "/api/admin/maintenances", Map.of("name", unique("Upgrade"),
                "body", "Upgrading.", "scheduledFor", "2030-01-01T10:00:00Z", "scheduledUntil", "2030-01-01T11:00:00Z"))
                .statusCode(201).extract().path("id");
        assertProblem(get(Role.VIEWER, "/api/admin/incidents/" + maintenance), 404, "not-found");
        get(Role.VIEWER, "/api/admin/maintenances/" + maintenance).statusCode(200).body("id", notNullValue());
    }

    @Test
    void openIsTrueOrFalseAndAnythingElseIsA400() {
        for (String path : new String[] {"/api/admin/incidents?open=yes", "/api/admin/maintenances?open=1"}) {
            assertProblem(get(Role.VIEWER, path), 400, "validation").body("errors[0].field", equalTo("open"));
        }
    }
}
