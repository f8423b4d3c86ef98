package io.rewind.status.rest;

import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.status.StatusFixtures.component;
import static io.rewind.status.StatusFixtures.componentStatus;
import static io.rewind.status.StatusFixtures.count;
import static io.rewind.status.StatusFixtures.incident;
import static io.rewind.status.StatusFixtures.post;
import static io.rewind.status.StatusFixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;

/** A {@code null} where a body's list or map expects a value is the client's mistake: a 400 naming it, never a 500. */
@QuarkusTest
class NullElementsTest {

    private static final String INITIAL = "00000000-0000-0000-0000-000000000001";

    @Test
    void aNullComponentInAnIncidentIs400NamingItAndStoresNothing() throws Exception {
        String api = component(unique("API"));
        String name = unique("Null component");
        assertProblem(post(Role.OPERATOR, "/api/admin/incidents", """
                {"name": "%s", "body": "Investigating.", "components": [{"id": "%s", "status": "major_outage"}, null]}
                """.formatted(name, api)), 400, "validation").body("errors[0].field", equalTo("components[1]"));
        assertEquals(0, count("SELECT count(*) FROM status.incidents WHERE name = ?", name));
        assertEquals("operational", componentStatus(api));
    }

    @Test
    void aNullComponentInAnUpdateOrAMaintenanceIs400() throws Exception {
        String api = component(unique("API"));
        String id = incident(unique("Null in update"), "minor", List.of());
        assertProblem(post(Role.OPERATOR, "/api/admin/incidents/" + id + "/updates", """
                {"status": "identified", "body": "Found it.", "components": [null]}
                """), 400, "validation").body("errors[0].field", equalTo("components[0]"));
        assertEquals(1, count("SELECT count(*) FROM status.incident_updates WHERE incident_id = ?", UUID.fromString(id)));

        String name = unique("Null maintenance");
        assertProblem(post(Role.ADMIN, "/api/admin/maintenances", """
                {"name": "%s", "body": "Upgrading.", "scheduledFor": "2030-01-01T10:00:00Z",
                 "scheduledUntil": "2030-01-01T11:00:00Z", "components": [{"id": "%s"}, null, null]}
                """.formatted(name, api)), 400, "validation").body("errors[0].field", equalTo("components[1]"));
        assertEquals(0, count("SELECT count(*) FROM status.incidents WHERE name = ?", name));
    }

    @Test
    void aNullTemplateVariableIs400NamingTheVariable() throws Exception {
        assertProblem(post(Role.OPERATOR, "/api/admin/templates/" + INITIAL + "/render", """
                {"variables": {"service": "Checkout", "eta": null, "impact": "Payments fail"}}
                """), 400, "validation").body("errors[0].field", equalTo("variables[eta]"));

        String name = unique("Null variable");
        assertProblem(post(Role.OPERATOR, "/api/admin/incidents", """
                {"name": "%s", "status": "identified", "templateId": "%s",
                 "variables": {"service": "Checkout", "eta": null, "impact": "Payments fail"}}
                """.formatted(name, INITIAL)), 400, "validation").body("errors[0].field", equalTo("variables[eta]"));
        assertEquals(0, count("SELECT count(*) FROM status.incidents WHERE name = ?", name));
    }
}
