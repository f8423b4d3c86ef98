package io.rewind.status.rest;

import static io.rewind.status.StatusFixtures.count;
import static io.rewind.status.StatusFixtures.get;
import static io.rewind.status.StatusFixtures.incident;
import static io.rewind.status.StatusFixtures.post;
import static io.rewind.status.StatusFixtures.unique;
import static io.rewind.status.StatusFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;
import io.rewind.status.config.WebhookConfig;

/**
 * An operator (or a runaway script) posting update after update while a subscriber's receiver is down cannot make
 * its pending queue grow without bound: past the cap, the oldest pending deliveries are dropped, logged and counted.
 */
@QuarkusTest
class WebhookQueueCapTest {

    @Inject
    Scheduler scheduler;

    @Inject
    WebhookConfig config;

    private static double droppedSoFar() {
        String metrics = get(Role.VIEWER, "/q/metrics").statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("rewind_status_webhooks_dropped_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no rewind_status_webhooks_dropped_total on /q/metrics");
    }

    private static List<String> pendingEvents(UUID subscriber) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT incident_id::text || ':' || event || ':' || status FROM status.deliveries "
                        + "WHERE subscriber_id = ? ORDER BY created_at")) {
            s.setObject(1, subscriber);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    @Test
    void pastTheCapTheOldestPendingDeliveriesAreDropped() throws Exception {
        int cap = config.maxPendingPerSubscriber();
        // No sending round while the queue fills: what is pending stays pending, so the count is exact.
        scheduler.pause("webhook-deliveries");
        String subscriber = null;
        try {
            subscriber = post(Role.ADMIN, "/api/admin/subscribers", Map.of("name", unique("down"),
                    "url", "http://127.0.0.1:9/down", "secret", "a-secret-for-a-receiver-that-is-down"))
                    .statusCode(201).extract().path("id");
            UUID id = UUID.fromString(subscriber);
            double before = droppedSoFar();

            String incident = incident(unique("Flood"), "minor", List.of());
            int extra = 3;
            for (int i = 1; i < cap + extra; i++) {
                update(incident, "investigating", "Still looking (" + i + ").", List.of()).statusCode(201);
            }

            assertEquals(cap, count("SELECT count(*) FROM status.deliveries WHERE subscriber_id = ? AND status = 'pending'",
                    id), "no more than the cap is pending");
            assertEquals(extra, count("SELECT count(*) FROM status.deliveries WHERE subscriber_id = ? AND status = 'dropped'",
                    id));
            List<String> log = pendingEvents(id);
            assertEquals(cap + extra, log.size(), "every delivery stays in the log");
            for (int i = 0; i < log.size(); i++) {
                assertTrue(log.get(i).endsWith(i < extra ? ":dropped" : ":pending"), "the oldest go first: " + log);
            }
            assertTrue(log.get(0).contains(":incident.created:"), "the very first is the oldest: " + log);
            assertEquals(before + extra, droppedSoFar(), "counted in rewind_status_webhooks_dropped_total");

            List<Map<String, Object>> shown = get(Role.VIEWER, "/api/admin/subscribers/" + subscriber
                    + "/deliveries?limit=500").statusCode(200).extract().jsonPath().getList("findAll { it.status == 'dropped' }");
            assertEquals(extra, shown.size());
            assertTrue(String.valueOf(shown.get(0).get("lastError")).contains("more than " + cap), shown.toString());
        } finally {
            if (subscriber != null) {
                RestAssured.given().header("Authorization", TestKeys.bearer(Role.ADMIN))
                        .delete("/api/admin/subscribers/{id}", subscriber);
            }
            scheduler.resume("webhook-deliveries");
        }
    }
}
