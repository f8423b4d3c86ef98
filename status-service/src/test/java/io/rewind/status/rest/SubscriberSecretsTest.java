package io.rewind.status.rest;

import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.status.StatusFixtures.get;
import static io.rewind.status.StatusFixtures.incident;
import static io.rewind.status.StatusFixtures.post;
import static io.rewind.status.StatusFixtures.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.status.StatusFixtures;

/**
 * A webhook URL is a credential (anyone who knows a Slack webhook URL can post to the channel): only admin keys read
 * it in full; viewers and operators see its scheme and host, in lists, single reads and the delivery log.
 */
@QuarkusTest
class SubscriberSecretsTest {

    /** Shaped like a Slack incoming webhook, pointing at a closed port so that nothing is ever delivered. */
    private static final String HOOK_PATH = "/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX";

    private static void delete(String id) {
        RestAssured.given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/admin/subscribers/{id}", id)
                .then().statusCode(204);
    }

    @Test
    void onlyAdminsSeeAWebhookUrlInFull() {
        String url = "http://127.0.0.1:9" + HOOK_PATH;
        String secret = "a-signing-secret-nobody-else-sees";
        String id = post(Role.ADMIN, "/api/admin/subscribers", Map.of("name", unique("slack"), "url", url,
                "format", "slack", "secret", secret)).statusCode(201).body("url", equalTo(url))
                .body("secret", equalTo(secret)).extract().path("id");
        try {
            get(Role.ADMIN, "/api/admin/subscribers/" + id).statusCode(200).body("url", equalTo(url))
                    .body("secret", nullValue());
            get(Role.ADMIN, "/api/admin/subscribers?limit=500").statusCode(200).body("url", hasItem(url));
            for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
                String one = get(role, "/api/admin/subscribers/" + id).statusCode(200)
                        .body("url", equalTo("http://127.0.0.1/…")).extract().asString();
                String all = get(role, "/api/admin/subscribers?limit=500").statusCode(200)
                        .body("url", hasItem("http://127.0.0.1/…")).extract().asString();
                for (String body : List.of(one, all)) {
                    assertFalse(body.contains(HOOK_PATH), role + " must not see the webhook's path: " + body);
                    assertFalse(body.contains(secret), role + " must not see the secret");
                }
            }
        } finally {
            delete(id);
        }
    }

    /**
     * A subscriber stored before URLs were checked, with one the HTTP client cannot parse: the delivery error quotes
     * it whole, and a viewer's delivery log must not.
     */
    @Test
    void theDeliveryLogDoesNotQuoteTheUrlToViewers() throws Exception {
        String token = "tok" + UUID.randomUUID().toString().replace("-", "");
        String url = "http://127.0.0.1:9/hook|" + token;
        assertProblem(post(Role.ADMIN, "/api/admin/subscribers", Map.of("name", unique("bad"), "url", url)), 400,
                "validation").body("errors[0].field", equalTo("url"));
        UUID id = UUID.randomUUID();
        StatusFixtures.execute("INSERT INTO status.subscribers (id, name, url, format, secret, created_at) "
                + "VALUES (?, ?, ?, 'json', 'an-old-subscribers-secret', now())", id, unique("legacy"), url);
        try {
            incident(unique("Quoted URL"), "minor", List.of());
            String adminLog = null;
            for (int i = 0; i < 100 && adminLog == null; i++) {
                String log = get(Role.ADMIN, "/api/admin/subscribers/" + id + "/deliveries").statusCode(200).extract()
                        .asString();
                if (log.contains("invalid URL")) {
                    adminLog = log;
                } else {
                    Thread.sleep(100);
                }
            }
            assertTrue(adminLog != null && adminLog.contains(token), "admins read the error as it is: " + adminLog);
            for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
                String log = get(role, "/api/admin/subscribers/" + id + "/deliveries").statusCode(200).extract().asString();
                assertTrue(log.contains("invalid URL"), log);
                assertFalse(log.contains(token), role + " must not read the URL in the error: " + log);
            }
        } finally {
            delete(id.toString());
        }
        assertEquals(0, StatusFixtures.count("SELECT count(*) FROM status.deliveries WHERE subscriber_id = ?", id));
    }
}
