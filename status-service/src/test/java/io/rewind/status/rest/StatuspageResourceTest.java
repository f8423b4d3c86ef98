package io.rewind.status.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.status.StatusFixtures.change;
import static io.rewind.status.StatusFixtures.component;
import static io.rewind.status.StatusFixtures.componentStatus;
import static io.rewind.status.StatusFixtures.incident;
import static io.rewind.status.StatusFixtures.post;
import static io.rewind.status.StatusFixtures.unique;
import static io.rewind.status.StatusFixtures.update;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.status.StatusFixtures;
import io.rewind.status.service.PublicCache;

/** The public v2 API, against the fields Atlassian documents for Statuspage. */
@QuarkusTest
class StatuspageResourceTest {

    /** Members Statuspage documents as nullable: either side may be null, otherwise the types must match. */
    private static final Set<String> NULLABLE = Set.of("description", "start_date", "group_id", "monitoring_at",
            "resolved_at", "affected_components", "custom_tweet", "tweet_id");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PublicCache cache;

    private static JsonNode v2(String path) throws Exception {
        String body = given().get("/api/v2/" + path).then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();
        return JSON.readTree(body);
    }

    private static String maintenance(String name, String status, String componentId) {
        OffsetDateTime from = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1);
        return post(Role.ADMIN, "/api/admin/maintenances", Map.of("name", name, "status", status,
                "body", "We will upgrade the database cluster.", "scheduledFor", from.toString(),
                "scheduledUntil", from.plusHours(2).toString(), "components", List.of(Map.of("id", componentId))))
                .statusCode(201).extract().path("id");
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.get("id").asText()));
        return ids;
    }

    @Test
    void summaryJsonHasStatuspagesFieldsWithTheirTypes() throws Exception {
        String api = component(unique("API"));
        String db = component(unique("Database"));
        String group = post(Role.ADMIN, "/api/admin/component-groups", Map.of("name", unique("Git operations")))
                .statusCode(201).extract().path("id");
        String member = post(Role.ADMIN, "/api/admin/components", Map.of("name", unique("Pushes"), "groupId", group))
                .statusCode(201).extract().path("id");
        String open = incident(unique("Unplanned database outage"), "critical", List.of(change(api, "partial_outage"),
                change(member, "degraded_performance")));
        update(open, "identified", "The failover is under way.", List.of()).statusCode(201);
        String work = maintenance(unique("Database upgrade"), "in_progress", db);

        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/statuspage/summary.json")) {
            fixture = JSON.readTree(in);
        }
        JsonNode summary = v2("summary.json");
        assertTrue(ids(summary.get("incidents")).contains(open));
        assertTrue(ids(summary.get("scheduled_maintenances")).contains(work));
        for (JsonNode incident : summary.get("incidents")) {
            if (incident.get("id").asText().equals(open)) {
                // So that the nested arrays below are compared on real elements, not passed as empty.
                assertEquals(2, incident.get("components").size());
                JsonNode first = incident.get("incident_updates").get(incident.get("incident_updates").size() - 1);
                assertEquals(2, first.get("affected_components").size());
            }
        }
        assertSameShape("summary", fixture, summary);
        assertEquals("critical", summary.at("/status/indicator").asText(), "a critical open incident rules the page");
    }

    /** Same members, same JSON types, recursively; each element of an array against its fixture counterpart. */
    private static void assertSameShape(String path, JsonNode expected, JsonNode actual) {
        if (expected.isObject()) {
            assertTrue(actual.isObject(), path + " is an object");
            List<String> expectedNames = new ArrayList<>();
            expected.fieldNames().forEachRemaining(expectedNames::add);
            List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertEquals(Set.copyOf(expectedNames), Set.copyOf(actualNames), path + " has Statuspage's members");
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                JsonNode value = actual.get(member.getKey());
                String memberPath = path + "." + member.getKey();
                if (value.isNull() || member.getValue().isNull()) {
                    assertTrue(NULLABLE.contains(member.getKey()), memberPath + " is null where Statuspage never is");
                    continue;
                }
                assertSameShape(memberPath, member.getValue(), value);
            }
        } else if (expected.isArray()) {
            // Empty arrays are valid (an incident that names no component); the test data fills the ones that matter.
            assertTrue(actual.isArray(), path + " is an array");
            for (int i = 0; i < actual.size(); i++) {
                assertSameShape(path + "[" + i + "]", counterpart(expected, actual.get(i)), actual.get(i));
            }
        } else {
            assertEquals(expected.getNodeType(), actual.getNodeType(), path + " has Statuspage's type");
            if (path.endsWith("_at") || path.endsWith("scheduled_for") || path.endsWith("scheduled_until")) {
                assertTrue(actual.asText().matches(StatusFixtures.ISO_WITH_OFFSET), path + " is ISO-8601 with an offset: "
                        + actual.asText());
            }
        }
    }

    /** The fixture's element to compare with: a group with the fixture's group, anything else with its first. */
    private static JsonNode counterpart(JsonNode fixtures, JsonNode element) {
        if (element.has("group")) {
            for (JsonNode fixture : fixtures) {
                if (fixture.path("group").equals(element.get("group"))) {
                    return fixture;
                }
            }
        }
        return fixtures.get(0);
    }

    @Test
    void statusJsonDerivesItsIndicatorFromComponentsAndOpenIncidents() throws Exception {
        // A clean slate: this test needs to see a page with nothing wrong on it.
        StatusFixtures.execute("UPDATE status.incidents SET status = CASE kind WHEN 'incident' THEN 'resolved' "
                + "ELSE 'completed' END, resolved_at = now() WHERE resolved_at IS NULL");
        StatusFixtures.execute("UPDATE status.components SET status = 'operational'");
        cache.invalidate();
        JsonNode status = v2("status.json");
        assertEquals("none", status.at("/status/indicator").asText());
        assertEquals("All Systems Operational", status.at("/status/description").asText());
        assertEquals("rewind", status.at("/page/id").asText());

        String web = component(unique("Web"));
        String id = incident(unique("Slow pages"), "minor", List.of(change(web, "degraded_performance")));
        assertEquals("minor", v2("status.json").at("/status/indicator").asText());
        assertEquals("Minor Service Outage", v2("status.json").at("/status/description").asText());

        given().header("Authorization", io.rewind.common.testing.TestKeys.bearer(Role.ADMIN))
                .contentType(ContentType.JSON).body(Map.of("status", "major_outage"))
                .patch("/api/admin/components/{id}", web).then().statusCode(200);
        assertEquals("critical", v2("status.json").at("/status/indicator").asText(), "a component's outage counts too");

        update(id, "resolved", "Fast again.", List.of()).statusCode(201);
        assertEquals("none", v2("status.json").at("/status/indicator").asText());
    }

    @Test
    void incidentsJsonListsRecentIncidentsAndUnresolvedOnlyTheOpenOnes() throws Exception {
        String api = component(unique("API"));
        String open = incident(unique("Errors"), "major", List.of(change(api, "partial_outage")));
        String closed = incident(unique("Earlier errors"), "minor", List.of());
        update(closed, "resolved", "Fixed.", List.of()).statusCode(201);

        JsonNode incidents = v2("incidents.json").get("incidents");
        assertTrue(ids(incidents).containsAll(List.of(open, closed)));
        assertTrue(incidents.size() <= 50);
        JsonNode mine = null;
        for (JsonNode incident : incidents) {
            if (incident.get("id").asText().equals(open)) {
                mine = incident;
            }
        }
        assertEquals("investigating", mine.get("status").asText());
        assertEquals("major", mine.get("impact").asText());
        assertEquals("http://localhost:8084/incidents/" + open, mine.get("shortlink").asText());
        assertEquals(api, mine.at("/incident_updates/0/affected_components/0/code").asText());
        assertEquals("operational", mine.at("/incident_updates/0/affected_components/0/old_status").asText());
        assertEquals("partial_outage", mine.at("/incident_updates/0/affected_components/0/new_status").asText());
        assertEquals("partial_outage", mine.at("/components/0/status").asText());
        assertFalse(mine.has("scheduled_for"), "only maintenances are scheduled");

        List<String> unresolved = ids(v2("incidents/unresolved.json").get("incidents"));
        assertTrue(unresolved.contains(open));
        assertFalse(unresolved.contains(closed));
    }

    @Test
    void aMaintenanceIsUpcomingThenActiveWithItsComponentsUnderMaintenanceThenCompleted() throws Exception {
        String db = component(unique("Database"));
        String id = maintenance(unique("Cluster upgrade"), "scheduled", db);
        assertEquals("operational", componentStatus(db), "a scheduled maintenance leaves its components alone");
        assertTrue(ids(v2("scheduled-maintenances/upcoming.json").get("scheduled_maintenances")).contains(id));
        assertFalse(ids(v2("scheduled-maintenances/active.json").get("scheduled_maintenances")).contains(id));

        post(Role.ADMIN, "/api/admin/maintenances/" + id + "/updates",
                Map.of("status", "in_progress", "body", "The upgrade has begun.")).statusCode(201)
                .body("status", equalTo("in_progress"));
        assertEquals("under_maintenance", componentStatus(db));
        assertTrue(ids(v2("scheduled-maintenances/active.json").get("scheduled_maintenances")).contains(id));
        assertFalse(ids(v2("scheduled-maintenances/upcoming.json").get("scheduled_maintenances")).contains(id));
        assertTrue(ids(v2("summary.json").get("scheduled_maintenances")).contains(id));

        post(Role.ADMIN, "/api/admin/maintenances/" + id + "/updates",
                Map.of("status", "completed", "body", "The upgrade is complete.")).statusCode(201)
                .body("resolvedAt", org.hamcrest.Matchers.notNullValue());
        assertEquals("operational", componentStatus(db));
        assertFalse(ids(v2("scheduled-maintenances/active.json").get("scheduled_maintenances")).contains(id));
        assertFalse(ids(v2("summary.json").get("scheduled_maintenances")).contains(id));
        JsonNode all = v2("scheduled-maintenances.json").get("scheduled_maintenances");
        assertTrue(ids(all).contains(id));
        for (JsonNode m : all) {
            if (m.get("id").asText().equals(id)) {
                assertEquals("completed", m.get("status").asText());
                assertEquals("maintenance", m.get("impact").asText());
                assertTrue(m.get("scheduled_until").asText().matches(StatusFixtures.ISO_WITH_OFFSET));
            }
        }
    }

    @Test
    void aMaintenanceMustEndAfterItStartsAndTakesOnlyMaintenanceStatuses() {
        io.rewind.common.testing.Problems.assertProblem(post(Role.ADMIN, "/api/admin/maintenances", Map.of(
                "name", unique("Backwards"), "body", "x", "scheduledFor", "2030-01-01T10:00:00Z",
                "scheduledUntil", "2030-01-01T09:00:00Z")), 400, "validation")
                .body("errors[0].field", equalTo("scheduledUntil"));
        io.rewind.common.testing.Problems.assertProblem(post(Role.ADMIN, "/api/admin/maintenances", Map.of(
                "name", unique("Wrong"), "status", "investigating", "body", "x", "scheduledFor", "2030-01-01T10:00:00Z",
                "scheduledUntil", "2030-01-01T11:00:00Z")), 400, "validation")
                .body("errors[0].field", equalTo("status"));
        io.rewind.common.testing.Problems.assertProblem(post(Role.OPERATOR, "/api/admin/maintenances", Map.of(
                "name", unique("Operator"), "body", "x", "scheduledFor", "2030-01-01T10:00:00Z",
                "scheduledUntil", "2030-01-01T11:00:00Z")), 403, "forbidden");
    }

    @Test
    void everyV2DocumentIsPublic() {
        for (String path : List.of("summary.json", "status.json", "components.json", "incidents.json",
                "incidents/unresolved.json", "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json",
                "scheduled-maintenances/active.json")) {
            given().get("/api/v2/" + path).then().statusCode(200).body("page.id", equalTo("rewind"))
                    .header("ETag", org.hamcrest.Matchers.notNullValue());
        }
    }
}
