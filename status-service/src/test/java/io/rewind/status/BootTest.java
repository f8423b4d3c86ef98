package io.rewind.status;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.Schemas;
import io.rewind.common.testing.TestKeys;

/** The service boots on a real PostgreSQL and migrates its own schema, and only its own. */
@QuarkusTest
class BootTest {

    @Test
    void migrationsApplyToTheServiceSchema() throws Exception {
        Schemas.assertMigrated("status", "components", "component_groups", "incidents", "incident_updates", "templates",
                "subscribers", "deliveries", "idempotency_keys");
    }

    /** The enum columns hold Statuspage's names only: the entities could not read anything else back. */
    @Test
    void statusColumnsRefuseNamesTheEntitiesCannotRead() throws Exception {
        UUID incident = UUID.fromString(StatusFixtures.incident(StatusFixtures.unique("Checked"), "minor", List.of()));
        UUID subscriber = UUID.randomUUID();
        StatusFixtures.execute("INSERT INTO status.subscribers (id, name, url, format, secret, created_at) "
                + "VALUES (?, 'checked', 'http://127.0.0.1:9/', 'json', 'a-secret-of-sixteen', now())", subscriber);
        try {
            for (String sql : new String[] {
                    "INSERT INTO status.incident_updates (id, incident_id, status, body, affected_components, created_at, "
                            + "display_at, updated_at) VALUES (gen_random_uuid(), ?, 'fixed', 'x', "
                            + "'{\"components\": []}', now(), now(), now())",
                    "UPDATE status.incidents SET impact = 'huge' WHERE id = ?" }) {
                SQLException refused = assertThrows(SQLException.class, () -> StatusFixtures.execute(sql, incident), sql);
                assertEquals("23514", refused.getSQLState(), "a CHECK constraint refuses: " + sql);
            }
            SQLException refused = assertThrows(SQLException.class, () -> StatusFixtures.execute(
                    "INSERT INTO status.deliveries (id, subscriber_id, incident_id, event, payload, status, attempts, "
                            + "created_at) VALUES (gen_random_uuid(), ?, ?, 'incident.created', '{}', 'lost', 0, now())",
                    subscriber, incident));
            assertEquals("23514", refused.getSQLState());
        } finally {
            StatusFixtures.execute("DELETE FROM status.subscribers WHERE id = ?", subscriber);
        }
    }

    @Test
    void readinessChecksPostgresql() {
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
    }
}
