package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;

/** Notification channels and escalation policies: admins write them, checked whole; viewers read references, never secrets. */
@QuarkusTest
class NotificationChannelResourceTest {

    private static ValidatableResponse put(String bearer, String path, Object body) {
        return given().header("Authorization", bearer).contentType(ContentType.JSON).body(body).put(path).then();
    }

    private static String name() {
        return "nc-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterAll
    static void removeChannels() throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("DELETE FROM decision.notification_channels WHERE name LIKE 'nc-%'")) {
            s.executeUpdate();
        }
    }

    @Test
    void anAdminDefinesReplacesAndDeletesAChannelAndViewersSeeReferencesNotSecrets() throws IOException {
        String name = name();
        Path secret = Files.createTempFile("slack-webhook", "");
        String url = "https://hooks.slack.com/services/T000/B000/" + UUID.randomUUID();
        Files.writeString(secret, url);
        Map<String, Object> slack = Map.of("kind", "slack", "slack", Map.of("webhookUrl", Map.of("file", secret.toString())));
        put(TestKeys.bearer(Role.ADMIN), "/api/notification-channels/" + name, slack).statusCode(201)
                .header("Location", endsWith("/api/notification-channels/" + name));

        String read = given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/notification-channels/" + name)
                .then().statusCode(200)
                .body("kind", equalTo("slack")).body("enabled", equalTo(true)).body("events", nullValue())
                .body("slack.webhookUrl.file", equalTo(secret.toString()))
                .body("secrets[0].field", equalTo("slack.webhookUrl")).body("secrets[0].resolvable", equalTo(true))
                .body("createdBy", equalTo("test-admin"))
                .extract().asString();
        assertFalse(read.contains(url), "the webhook URL itself is never shown: " + read);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/notification-channels?limit=500").then()
                .statusCode(200).body("name", hasItem(name));

        Map<String, Object> email = new HashMap<>(Map.of("kind", "email", "events", List.of("APPROVAL_NEEDED", "APPROVAL_OVERDUE"),
                "services", List.of("checkout"), "email", Map.of("host", "smtp.example.com", "from", "rewind@example.com",
                        "username", "rewind", "password", Map.of("env", "SMTP_PASSWORD_NOT_SET"), "to", List.of("sre@example.com"))));
        put(TestKeys.bearer(Role.ADMIN), "/api/notification-channels/" + name, email).statusCode(200)
                .body("kind", equalTo("email")).body("slack", nullValue())
                .body("email.port", equalTo(587)).body("email.tls", equalTo("STARTTLS"))
                .body("email.password.env", equalTo("SMTP_PASSWORD_NOT_SET"))
                .body("secrets[0].resolvable", equalTo(false))
                .body("events", containsInAnyOrder("APPROVAL_NEEDED", "APPROVAL_OVERDUE"));

        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/notification-channels/" + name).then()
                .statusCode(204);
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/notification-channels/" + name)
                .then(), 404, "not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = { "viewer", "operator", "approver", Services.DECISION, Services.EXECUTOR, Services.STATUS })
    void onlyAdminsWriteChannelsAndPoliciesAndARefusalStoresNothing(String who) throws Exception {
        String bearer = Services.isService(who) ? TestKeys.bearer(who) : TestKeys.bearer(Role.parse(who));
        String name = name();
        assertProblem(put(bearer, "/api/notification-channels/" + name, Map.of("kind", "webhook",
                "webhook", Map.of("url", "https://hooks.example.com/x", "secret", Map.of("env", "HOOK_SECRET")))), 403, "forbidden");
        assertProblem(put(bearer, "/api/escalation-policies/" + name, Map.of("contacts", List.of(Map.of("role", "On-call",
                "name", "Mallory", "order", 1, "email", List.of("mallory@example.com"))))), 403, "forbidden");
        assertProblem(given().header("Authorization", bearer).delete("/api/escalation-policies/*").then(), 403, "forbidden");
        assertEquals(0, rows("notification_channels", "name", name));
        assertEquals(0, rows("escalation_policies", "service", name));
    }

    static List<Object[]> badChannels() {
        Map<String, Object> secret = Map.of("env", "HOOK_SECRET");
        return List.of(
                new Object[] { Map.of("webhook", Map.of("url", "https://x.example.com", "secret", secret)), "kind" },
                new Object[] { Map.of("kind", "webhook", "webhook", Map.of("url", "ftp://x.example.com/hook", "secret", secret)), "webhook.url" },
                new Object[] { Map.of("kind", "webhook", "webhook", Map.of("url", "https://user:pw@x.example.com/", "secret", secret)), "webhook.url" },
                new Object[] { Map.of("kind", "webhook", "webhook", Map.of("url", "/relative", "secret", secret)), "webhook.url" },
                new Object[] { Map.of("kind", "webhook", "webhook", Map.of("url", "https://x.example.com/")), "webhook.secret" },
                new Object[] { Map.of("kind", "webhook", "webhook", Map.of("url", "https://x.example.com/", "secret",
                        Map.of("env", "REWIND_DB_PASSWORD"))), "webhook.secret" },
                new Object[] { Map.of("kind", "webhook", "webhook", Map.of("url", "https://x.example.com/", "secret",
                        Map.of("file", "/run/../etc/shadow"))), "webhook.secret" },
                new Object[] { Map.of("kind", "slack", "webhook", Map.of("url", "https://x.example.com/", "secret", secret)), "slack" },
                new Object[] { Map.of("kind", "slack", "slack", Map.of()), "slack.webhookUrl" },
                new Object[] { Map.of("kind", "email", "email", Map.of("host", "smtp.example.com", "port", 70000,
                        "from", "rewind@example.com")), "email.port" },
                new Object[] { Map.of("kind", "email", "email", Map.of("host", "smtp example com", "from", "rewind@example.com")), "email.host" },
                new Object[] { Map.of("kind", "email", "email", Map.of("host", "smtp.example.com", "from", "Rewind <rewind@example.com>")), "email.from" },
                new Object[] { Map.of("kind", "email", "email", Map.of("host", "smtp.example.com", "from", "rewind@example.com",
                        "to", List.of("ok@example.com", "bcc@example.com\r\nBcc: victim@example.com"))), "email.to[1]" },
                new Object[] { Map.of("kind", "email", "email", Map.of("host", "smtp.example.com", "from", "rewind@example.com",
                        "username", "rewind")), "email.password" },
                new Object[] { Map.of("kind", "webhook", "events", List.of(), "webhook", Map.of("url", "https://x.example.com/",
                        "secret", secret)), "events" },
                new Object[] { Map.of("kind", "webhook", "services", List.of("Not A Service"), "webhook", Map.of(
                        "url", "https://x.example.com/", "secret", secret)), "services[0]" });
    }

    @Test
    void aBadChannelIsA400NamingTheFieldAndNothingIsStored() throws Exception {
        for (Object[] bad : badChannels()) {
            String name = name();
            assertProblem(put(TestKeys.bearer(Role.ADMIN), "/api/notification-channels/" + name, bad[0]), 400, "validation")
                    .body("errors.field", hasItem((String) bad[1]));
            assertEquals(0, rows("notification_channels", "name", name), "nothing stored for " + bad[0]);
        }
        assertProblem(put(TestKeys.bearer(Role.ADMIN), "/api/notification-channels/" + name(),
                Map.of("kind", "pager", "webhook", Map.of())), 400, "validation");
        assertProblem(put(TestKeys.bearer(Role.ADMIN), "/api/notification-channels/" + name(), Map.of("kind", "webhook",
                "events", List.of("EVERYTHING"), "webhook", Map.of("url", "https://x.example.com/"))), 400, "validation");
        assertProblem(put(TestKeys.bearer(Role.ADMIN), "/api/notification-channels/Bad_Name", Map.of("kind", "slack",
                "slack", Map.of("webhookUrl", Map.of("env", "SLACK_URL")))), 400, "validation");
    }

    @Test
    void escalationPoliciesAreOrderedListsPerServiceWithADefault() throws Exception {
        String service = name();
        Map<String, Object> first = Map.of("role", "On-call Engineer", "name", "Ada Lovelace", "order", 1,
                "email", List.of("ada@example.com"), "slack", "U024BE7LH", "phone", "+44 20 7946 0000", "waitBeforeNext", "PT5M");
        Map<String, Object> second = Map.of("role", "Engineering Lead", "name", "Grace Hopper", "order", 2);
        put(TestKeys.bearer(Role.ADMIN), "/api/escalation-policies/" + service, Map.of("contacts", List.of(first, second)))
                .statusCode(201).body("contacts.name", equalTo(List.of("Ada Lovelace", "Grace Hopper")))
                .body("contacts[0].waitBeforeNext", equalTo("PT5M"));
        put(TestKeys.bearer(Role.ADMIN), "/api/escalation-policies/" + service, Map.of("contacts", List.of(first)))
                .statusCode(200).body("contacts.size()", equalTo(1));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/escalation-policies/" + service).then()
                .statusCode(200).body("contacts[0].email[0]", equalTo("ada@example.com"));

        List<Object[]> bad = List.of(
                new Object[] { Map.of("contacts", List.of()), "contacts" },
                new Object[] { Map.of("contacts", List.of(Map.of("role", "x", "name", "y"))), "contacts[0].order" },
                new Object[] { Map.of("contacts", List.of(Map.of("role", "x", "name", "y", "order", 0))), "contacts[0].order" },
                new Object[] { Map.of("contacts", List.of(Map.of("role", "x", "name", "y", "order", 1, "email", List.of("nope")))),
                        "contacts[0].email[0]" },
                new Object[] { Map.of("contacts", List.of(Map.of("role", "x", "name", "y", "order", 1, "slack", "@ada"))),
                        "contacts[0].slack" },
                new Object[] { Map.of("contacts", List.of(Map.of("role", "x", "name", "y", "order", 1, "waitBeforeNext", "PT0S"))),
                        "contacts[0].waitBeforeNext" });
        String other = name();
        for (Object[] b : bad) {
            assertProblem(put(TestKeys.bearer(Role.ADMIN), "/api/escalation-policies/" + other, b[0]), 400, "validation")
                    .body("errors.field", hasItem((String) b[1]));
        }
        assertEquals(0, rows("escalation_policies", "service", other));
        assertProblem(put(TestKeys.bearer(Role.ADMIN), "/api/escalation-policies/" + service, Map.of("contacts", List.of())),
                400, "validation");
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/escalation-policies/" + service).then()
                .statusCode(200).body("contacts.size()", equalTo(1));
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).delete("/api/escalation-policies/" + service).then()
                .statusCode(204);
    }

    @Test
    void theDeliveryLogIsReadByViewersAndItsFiltersAreChecked() {
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/notifications?state=FAILED&limit=5").then()
                .statusCode(200).body("state", not(hasItem("DELIVERED")));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/notifications?incident=x")
                .then(), 400, "validation");
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/notifications?state=SENT")
                .then(), 400, "validation");
        assertProblem(given().header("Authorization", TestKeys.bearer(Services.EXECUTOR)).get("/api/notifications")
                .then(), 403, "forbidden");
    }

    private static int rows(String table, String column, String value) throws Exception {
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM decision." + table + " WHERE " + column + " = ?")) {
            s.setString(1, value);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
