package io.rewind.status.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;

@QuarkusTest
class ComponentResourceTest {

    private static final String ISO_WITH_OFFSET = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})";

    private static String newName() {
        return "Component " + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ValidatableResponse post(String path, Object body) {
        return given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(body).post(path).then();
    }

    private static ValidatableResponse patch(String id, Object body) {
        return given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(body).patch("/api/admin/components/{id}", id).then();
    }

    private static String createComponent(Map<String, Object> body) {
        return post("/api/admin/components", body).statusCode(201).extract().path("id");
    }

    private static String createGroup(String name) {
        return post("/api/admin/component-groups", Map.of("name", name)).statusCode(201).extract().path("id");
    }

    private static JsonPath componentsJson() {
        return given().get("/api/v2/components.json").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    private static Map<String, Object> entry(JsonPath json, String id) {
        List<Map<String, Object>> components = json.getList("components");
        return components.stream().filter(c -> id.equals(c.get("id"))).findFirst()
                .orElseThrow(() -> new AssertionError(id + " is not in components.json"));
    }

    private static int count(String sql, Object... parameters) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int storedComponents() throws Exception {
        try (Connection c = PostgresResource.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM status.components")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aComponentIsCreatedWithStatuspageDefaultsAndReadBack() {
        String name = newName();
        var created = post("/api/admin/components", Map.of("name", name, "description", "Card payments"))
                .statusCode(201)
                .body("name", equalTo(name))
                .body("description", equalTo("Card payments"))
                .body("status", equalTo("operational"))
                .body("groupId", nullValue())
                .body("showcase", equalTo(false))
                .body("onlyShowIfDegraded", equalTo(false))
                .body("position", notNullValue())
                .extract();
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/api/admin/components/" + id), created.header("Location"));

        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(created.header("Location"))
                .then().statusCode(200).body("id", equalTo(id)).body("name", equalTo(name))
                .body("createdAt", equalTo(created.path("createdAt")));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/admin/components")
                .then().statusCode(200).body("id", hasItem(id));
    }

    @Test
    void aPatchChangesOnlyTheFieldsItNames() {
        String name = newName();
        String id = createComponent(Map.of("name", name, "description", "Checkout API", "showcase", true));
        String before = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/admin/components/{id}", id).then().extract().path("updatedAt");

        patch(id, Map.of("status", "degraded_performance")).statusCode(200)
                .body("status", equalTo("degraded_performance"))
                .body("name", equalTo(name))
                .body("description", equalTo("Checkout API"))
                .body("showcase", equalTo(true));
        String updatedAt = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/admin/components/{id}", id).then().statusCode(200)
                .body("status", equalTo("degraded_performance")).body("description", equalTo("Checkout API"))
                .extract().path("updatedAt");
        assertTrue(OffsetDateTime.parse(updatedAt).isAfter(OffsetDateTime.parse(before)), "updatedAt moves on a change");

        Map<String, Object> clear = new HashMap<>();
        clear.put("description", null);
        patch(id, clear).statusCode(200).body("description", nullValue()).body("status", equalTo("degraded_performance"));

        Map<String, Object> nullName = new HashMap<>();
        nullName.put("name", null);
        assertProblem(patch(id, nullName), 400, "validation").body("errors[0].field", equalTo("name"));
        patch(id, Map.of()).statusCode(200).body("name", equalTo(name));
    }

    @Test
    void groupMembershipAppearsInComponentsJsonAsStatuspageListsIt() {
        String groupName = "Group " + UUID.randomUUID().toString().substring(0, 8);
        String group = createGroup(groupName);
        String api = createComponent(Map.of("name", newName(), "groupId", group, "position", 1));
        String web = createComponent(Map.of("name", newName(), "groupId", group, "position", 2, "status", "partial_outage"));
        String alone = createComponent(Map.of("name", newName(), "onlyShowIfDegraded", true));

        JsonPath json = componentsJson();
        assertEquals("rewind", json.getString("page.id"));
        assertEquals("Rewind", json.getString("page.name"));
        assertEquals("http://localhost:8084", json.getString("page.url"));
        assertEquals("Etc/UTC", json.getString("page.time_zone"));
        assertTrue(json.getString("page.updated_at").matches(ISO_WITH_OFFSET), json.getString("page.updated_at"));

        Map<String, Object> g = entry(json, group);
        assertEquals(true, g.get("group"));
        assertEquals(List.of(api, web), g.get("components"));
        assertEquals("partial_outage", g.get("status"), "a group shows its worst member's status");
        assertEquals(groupName, g.get("name"));
        assertNull(g.get("group_id"));
        assertEquals("rewind", g.get("page_id"));

        Map<String, Object> member = entry(json, api);
        assertEquals(false, member.get("group"));
        assertEquals(group, member.get("group_id"));
        assertFalse(member.containsKey("components"), "only groups list components");
        assertEquals("operational", member.get("status"));
        assertEquals("rewind", member.get("page_id"));
        for (String key : List.of("id", "name", "status", "created_at", "updated_at", "position", "description",
                "showcase", "start_date", "group_id", "page_id", "group", "only_show_if_degraded")) {
            assertTrue(member.containsKey(key), "every component has " + key);
        }
        assertTrue(((String) member.get("created_at")).matches(ISO_WITH_OFFSET), (String) member.get("created_at"));
        assertTrue(((String) member.get("updated_at")).matches(ISO_WITH_OFFSET), (String) member.get("updated_at"));

        Map<String, Object> lone = entry(json, alone);
        assertEquals(false, lone.get("group"));
        assertNull(lone.get("group_id"));
        assertEquals(true, lone.get("only_show_if_degraded"));

        List<String> order = json.getList("components.id");
        assertEquals(order.indexOf(group) + 1, order.indexOf(api), "a group's members follow it, in their order");
        assertEquals(order.indexOf(group) + 2, order.indexOf(web));

        Map<String, Object> leave = new HashMap<>();
        leave.put("groupId", null);
        patch(web, leave).statusCode(200).body("groupId", nullValue());
        json = componentsJson();
        assertEquals(List.of(api), entry(json, group).get("components"));
        assertEquals("operational", entry(json, group).get("status"));
        assertNull(entry(json, web).get("group_id"));
    }

    @Test
    void aComponentCannotJoinAGroupThatDoesNotExist() throws Exception {
        int before = storedComponents();
        assertProblem(post("/api/admin/components", Map.of("name", newName(), "groupId", UUID.randomUUID().toString())),
                400, "validation").body("errors[0].field", equalTo("groupId"));
        assertEquals(before, storedComponents());
    }

    @Test
    void aDuplicateNameIsAConflictRegardlessOfCaseAndStoresNothing() throws Exception {
        String name = newName();
        createComponent(Map.of("name", name));
        assertProblem(post("/api/admin/components", Map.of("name", name.toUpperCase())), 409, "conflict");
        assertEquals(1, count("SELECT count(*) FROM status.components WHERE lower(name) = lower(?)", name));

        String other = createComponent(Map.of("name", newName()));
        assertProblem(patch(other, Map.of("name", name)), 409, "conflict");
        assertEquals(1, count("SELECT count(*) FROM status.components WHERE lower(name) = lower(?)", name));

        String group = "Group " + UUID.randomUUID().toString().substring(0, 8);
        createGroup(group);
        assertProblem(post("/api/admin/component-groups", Map.of("name", group)), 409, "conflict");
        assertEquals(1, count("SELECT count(*) FROM status.component_groups WHERE lower(name) = lower(?)", group));
    }

    @Test
    void anUnknownStatusAWrongTypeOrAMalformedBodyIsA400AndStoresNothing() throws Exception {
        int before = storedComponents();

        assertProblem(post("/api/admin/components", Map.of("name", newName(), "status", "broken")), 400, "validation")
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", equalTo("must be one of operational, degraded_performance, partial_outage, "
                        + "major_outage, under_maintenance (got 'broken')"));
        assertProblem(post("/api/admin/components", Map.of("name", newName(), "status", "MAJOR_OUTAGE")), 400, "validation")
                .body("errors[0].field", equalTo("status"));
        assertProblem(post("/api/admin/components", Map.of("name", newName(), "position", "first")), 400, "validation")
                .body("errors[0].field", equalTo("position"));
        assertProblem(post("/api/admin/components", Map.of("name", newName(), "showcase", List.of())), 400, "validation")
                .body("errors[0].field", equalTo("showcase"));
        assertProblem(post("/api/admin/components", Map.of("name", " ")), 400, "validation")
                .body("errors[0].field", equalTo("name"));
        assertProblem(post("/api/admin/components", "{\"name\": "), 400, "malformed-request");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .post("/api/admin/components").then(), 400, "validation")
                .body("errors[0].field", equalTo("body"));

        String id = createComponent(Map.of("name", newName()));
        assertProblem(patch(id, Map.of("status", "on_fire")), 400, "validation")
                .body("errors[0].field", equalTo("status"));
        assertProblem(patch(id, Map.of("position", 0)), 400, "validation")
                .body("errors[0].field", equalTo("position"));
        assertProblem(patch(id, "{\"status\": \"major_outage\""), 400, "malformed-request");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/admin/components/{id}", id)
                .then().statusCode(200).body("status", equalTo("operational"));

        assertEquals(before + 1, storedComponents(), "only the one valid component was stored");
    }

    @Test
    void anUnknownOrMalformedIdIsA404() {
        String unknown = UUID.randomUUID().toString();
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/admin/components/{id}", unknown).then(), 404, "not-found");
        assertProblem(patch(unknown, Map.of("status", "major_outage")), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN))
                .delete("/api/admin/components/{id}", unknown).then(), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/admin/component-groups/{id}", unknown).then(), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN))
                .delete("/api/admin/component-groups/{id}", unknown).then(), 404, "not-found");

        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/admin/components/{id}", "not-a-uuid").then(), 404, "not-found");
        assertProblem(patch("not-a-uuid", Map.of("status", "major_outage")), 404, "not-found");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN))
                .delete("/api/admin/component-groups/{id}", "42").then(), 404, "not-found");
    }

    @Test
    void aGroupThatStillHoldsComponentsCannotBeDeleted() throws Exception {
        String group = createGroup("Group " + UUID.randomUUID().toString().substring(0, 8));
        String member = createComponent(Map.of("name", newName(), "groupId", group));

        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN))
                .delete("/api/admin/component-groups/{id}", group).then(), 409, "conflict");
        assertEquals(1, count("SELECT count(*) FROM status.component_groups WHERE id = ?", UUID.fromString(group)));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/admin/component-groups/{id}", group)
                .then().statusCode(200).body("components", equalTo(List.of(member)));

        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/admin/components/{id}", member)
                .then().statusCode(204);
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/admin/component-groups/{id}", group)
                .then().statusCode(204);
        assertEquals(0, count("SELECT count(*) FROM status.component_groups WHERE id = ?", UUID.fromString(group)));
    }
}
