package io.rewind.decision.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;
import io.rewind.decision.ExecutorServiceStub;
import io.rewind.decision.NotificationReceivers;
import io.rewind.decision.notify.NotificationSender;
import io.rewind.decision.notify.Signatures;

/**
 * People are told: every event of the incident flow, driven through the real REST API and the real dispatcher, reaches
 * real receivers on 127.0.0.1 (an HTTP server for Slack and webhooks, GreenMail for e-mail), through the outbox, with
 * retries, and once. Reminders run with tiny durations: the deadline warning and status page cadence of the profile,
 * approval windows and escalation waits of a few seconds in the services' own policies.
 */
@QuarkusTest
@TestProfile(NotificationFlowTest.Fast.class)
class NotificationFlowTest {

    /** Reminder durations in seconds rather than minutes. */
    public static class Fast implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rewind.decision.notify.deadline-warning", "PT3S",
                    "rewind.decision.notify.status-page-cadence", "PT3S");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TITLE = "Checkout errors after v1.5.0";
    private static NotificationReceivers receivers;
    private static Path secrets;

    @Inject
    NotificationSender sender;

    @BeforeAll
    static void start() throws IOException {
        receivers = new NotificationReceivers();
        secrets = Files.createTempDirectory("rewind-notify-secrets");
        ExecutorServiceStub.up();
    }

    @AfterAll
    static void stop() throws Exception {
        // Channels outlive the class otherwise, and would be told of every later test's incidents.
        try (Connection c = PostgresResource.connect();
                PreparedStatement s = c.prepareStatement("DELETE FROM decision.notification_channels WHERE name LIKE 'nt-%'")) {
            s.executeUpdate();
        }
        receivers.close();
    }

    // --- the flows

    @Test
    void anApprovalNeededReachesOrderOneOnSlackAWebhookAndEMail() throws Exception {
        String service = newService();
        onCall(service, "PT10M");
        String slackPath = "/slack/" + service;
        String hookPath = "/hook/" + service;
        String hookSecret = "whsec-" + UUID.randomUUID();
        channel(service + "-slack", Map.of("kind", "slack", "services", List.of(service), "events", List.of("APPROVAL_NEEDED"),
                "slack", Map.of("webhookUrl", Map.of("file", secret(receivers.url(slackPath))))));
        channel(service + "-hook", Map.of("kind", "webhook", "services", List.of(service), "events", List.of("APPROVAL_NEEDED"),
                "webhook", Map.of("url", receivers.url(hookPath), "secret", Map.of("file", secret(hookSecret)))));
        channel(service + "-mail", Map.of("kind", "email", "services", List.of(service), "events", List.of("APPROVAL_NEEDED"),
                "email", Map.of("host", "127.0.0.1", "port", receivers.smtpPort, "tls", "NONE", "from", "rewind@example.com")));

        String id = report(signals(service)).body("status", equalTo("PENDING_APPROVAL")).extract().path("id");

        List<Map<String, Object>> told = awaitDeliveries(id, 3, "DELIVERED");
        assertEquals(List.of("APPROVAL_NEEDED"), told.stream().map(d -> d.get("event")).distinct().toList());
        told.forEach(d -> assertEquals(1, d.get("escalationOrder"), "an approval request goes to escalation order 1"));

        NotificationReceivers.Request slack = receivers.at(slackPath).get(0);
        String text = JSON.readTree(slack.body()).path("text").asText();
        assertTrue(text.startsWith("🟠 APPROVAL NEEDED"), text);
        assertTrue(text.contains("Incident: " + TITLE + " (" + service + ")"), text);
        assertTrue(text.contains("Approval: on-call-lead by "), text);
        assertTrue(text.contains("<@U0ONCALL1>"), "the on-call engineer is mentioned: " + text);
        assertFalse(text.contains("<@U0LEAD2>"), "order 2 is not told yet: " + text);

        NotificationReceivers.Request hook = receivers.at(hookPath).get(0);
        String timestamp = hook.header(Signatures.TIMESTAMP_HEADER);
        assertNotNull(timestamp);
        assertEquals(receiverSignature(hookSecret, timestamp, hook.body()), hook.header(Signatures.SIGNATURE_HEADER),
                "the receiver's own HMAC over timestamp.body matches");
        assertEquals("APPROVAL_NEEDED", hook.header(Signatures.EVENT_HEADER));
        JsonNode body = JSON.readTree(hook.body());
        assertEquals("APPROVAL_NEEDED", body.path("event").asText());
        assertEquals(id, body.path("incident").path("id").asText());
        assertEquals(service, body.path("incident").path("service").asText());
        assertFalse(body.path("incident").path("approvalDueAt").isMissingNode());
        assertEquals("Ada Lovelace", body.path("told").path(0).path("name").asText());
        assertEquals(body.path("delivery").asText(), hook.header(Signatures.DELIVERY_HEADER));

        MimeMessage mail = awaitMail("oncall1-" + service + "@example.com");
        assertEquals("[Rewind] Approval needed: " + TITLE, mail.getSubject());
        assertEquals("rewind@example.com", mail.getFrom()[0].toString());
        String content = mail.getContent().toString();
        assertTrue(content.contains("Approve or reject: POST /api/incidents/" + id + "/approve"), content);
        assertEquals(1, mail.getRecipients(Message.RecipientType.TO).length, "order 1 only");

        List<String> timeline = timelineDetails(id, "NOTIFIED");
        assertTrue(timeline.contains("notified " + service + "-slack (APPROVAL_NEEDED)"), timeline.toString());
        assertTrue(timeline.contains("notified " + service + "-mail (APPROVAL_NEEDED)"), timeline.toString());
    }

    @Test
    void anSmtpServerThatWantsALoginGetsThePasswordTheChannelRefersTo() throws Exception {
        String service = newService();
        receivers.smtp.setUser("rewind-" + service + "@example.com", "rewind-" + service, "s3cret-" + service);
        Map<String, Object> email = new HashMap<>(Map.of("host", "127.0.0.1", "port", receivers.smtpPort, "tls", "NONE",
                "from", "rewind@example.com", "username", "rewind-" + service, "to", List.of("sre-" + service + "@example.com")));
        email.put("password", Map.of("file", secret("s3cret-" + service)));
        channel(service + "-login", Map.of("kind", "email", "services", List.of(service), "events", List.of("APPROVAL_NEEDED"),
                "email", email));
        email.put("password", Map.of("file", secret("not-the-password")));
        channel(service + "-badlogin", Map.of("kind", "email", "services", List.of(service), "events", List.of("APPROVAL_NEEDED"),
                "email", email));
        String id = report(signals(service)).extract().path("id");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
                Map.of(service + "-login", "DELIVERED", service + "-badlogin", "FAILED"), deliveries(id).stream()
                        .collect(Collectors.toMap(d -> (String) d.get("channel"), d -> (String) d.get("state")))));
        assertEquals("[Rewind] Approval needed: " + TITLE, awaitMail("sre-" + service + "@example.com").getSubject());
        Map<String, Object> refused = deliveries(id).stream().filter(d -> d.get("channel").equals(service + "-badlogin"))
                .findFirst().orElseThrow();
        String error = (String) refused.get("lastError");
        assertTrue(error.startsWith("SMTP server 127.0.0.1:" + receivers.smtpPort + " answered: "), error);
        assertFalse(error.contains("not-the-password"), "the password is never shown: " + error);
        assertEquals(List.of("sre-" + service + "@example.com"), refused.get("recipients"));
    }

    @Test
    void anAutomaticRollbackIsAnnouncedWithTheRunbooksMessageAndItsEnd() throws Exception {
        String service = newService();
        onCall(service, "PT10M");
        String path = "/slack/" + service;
        channel(service + "-slack", Map.of("kind", "slack", "services", List.of(service),
                "events", List.of("EXECUTION_STARTED", "EXECUTION_FINISHED"),
                "slack", Map.of("webhookUrl", Map.of("file", secret(receivers.url(path))))));
        Map<String, Object> p0 = signals(service);
        p0.put("severity", "P0");
        p0.put("usersAffectedPercent", 100);
        p0.put("crash", true);
        String id = report(p0).body("status", equalTo("APPROVED")).extract().path("id");

        awaitDeliveries(id, 1, "DELIVERED");
        String started = JSON.readTree(receivers.at(path).get(0).body()).path("text").asText();
        List<String> lines = List.of(started.split("\n"));
        assertEquals("🔴 ROLLBACK IN PROGRESS", lines.get(0));
        assertTrue(lines.contains("Version: v1.5.0 → v1.4.2"), started);
        assertTrue(lines.contains("Reason: " + TITLE), started);
        assertTrue(lines.stream().anyMatch(l -> l.matches("Started: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC")), started);
        assertTrue(lines.stream().anyMatch(l -> l.matches("Expected completion: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC")), started);
        assertTrue(lines.contains("Status updates will follow."), started);
        assertTrue(lines.contains("Point of contact: Ada Lovelace (On-call Engineer)"), started);

        ExecutorServiceStub.STATUS.put(ExecutorServiceStub.EXECUTIONS_BY_KEY.get(id), "SUCCEEDED");
        List<Map<String, Object>> told = awaitDeliveries(id, 2, "DELIVERED");
        assertEquals(List.of("EXECUTION_FINISHED", "EXECUTION_STARTED"), told.stream().map(d -> (String) d.get("event")).toList());
        String finished = JSON.readTree(receivers.at(path).get(1).body()).path("text").asText();
        assertTrue(finished.startsWith("✅ ROLLBACK COMPLETE"), finished);
    }

    @Test
    void aFailedRollbackItsFailedStepAndAnEscalationAreAnnounced() throws Exception {
        String service = newService();
        String path = "/hook/" + service;
        channel(service + "-hook", Map.of("kind", "webhook", "services", List.of(service),
                "events", List.of("STEP_FAILED", "EXECUTION_FINISHED", "ESCALATED"),
                "webhook", Map.of("url", receivers.url(path), "secret", Map.of("file", secret("whsec-failures")))));

        Map<String, Object> p0 = signals(service);
        p0.put("severity", "P0");
        p0.put("usersAffectedPercent", 100);
        p0.put("crash", true);
        String failing = report(p0).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ExecutorServiceStub.EXECUTIONS_BY_KEY.containsKey(failing));
        // The kind the dispatcher writes when executor-service reports a failed step.
        timelineEvent(failing, "ROLLBACK_STEP_FAILED", "step 2 undo checkout failed: deployment checkout has no revision 2");
        ExecutorServiceStub.STATUS.put(ExecutorServiceStub.EXECUTIONS_BY_KEY.get(failing), "FAILED");
        Map<String, Map<String, Object>> byEvent = awaitDeliveries(failing, 2, "DELIVERED").stream()
                .collect(Collectors.toMap(d -> (String) d.get("event"), d -> d));
        JsonNode stepFailed = JSON.readTree((String) byEvent.get("STEP_FAILED").get("body"));
        assertTrue(stepFailed.path("text").asText().startsWith("⚠️ ROLLBACK STEP FAILED"));
        assertTrue(stepFailed.path("detail").asText().contains("undo checkout failed"));
        JsonNode finished = JSON.readTree((String) byEvent.get("EXECUTION_FINISHED").get("body"));
        assertEquals("failed", finished.path("outcome").asText());
        assertTrue(finished.path("text").asText().startsWith("❌ ROLLBACK FAILED"));

        // executor-service answers with a dry run instead of the rollback: held for a human.
        String held = report(signals(service)).body("status", equalTo("PENDING_APPROVAL")).extract().path("id");
        ExecutorServiceStub.ANSWER_INSTEAD.put(held, ExecutorServiceStub.Answer.execution(ExecutorServiceStub.execution(
                "exec-dry-" + UUID.randomUUID(), ExecutorServiceStub.planId(service), service, held, true), "RUNNING"));
        given().header("Authorization", TestKeys.bearer(Role.APPROVER)).contentType(ContentType.JSON).body(Map.of())
                .post("/api/incidents/{id}/approve", held).then().statusCode(200);
        List<Map<String, Object>> escalated = awaitDeliveries(held, 1, "DELIVERED");
        assertEquals("ESCALATED", escalated.get(0).get("event"));
        assertTrue(((String) escalated.get(0).get("body")).contains("A HUMAN MUST DECIDE"));
    }

    @Test
    void aDecidedStrategyWithoutAPlanTellsOrderOneThatAHumanMustDecide() throws Exception {
        // No policy stored: the defaults map no strategy to a plan, so the rollback decided cannot run.
        String service = bareService();
        onCall(service, "PT10M");
        String path = "/slack/" + service;
        channel(service + "-slack", Map.of("kind", "slack", "services", List.of(service), "events", List.of("ESCALATED"),
                "slack", Map.of("webhookUrl", Map.of("file", secret(receivers.url(path))))));
        Map<String, Object> p0 = signals(service);
        p0.put("severity", "P0");
        p0.put("crash", true);
        String id = report(p0).body("status", equalTo("ESCALATED")).extract().path("id");

        List<Map<String, Object>> told = awaitDeliveries(id, 1, "DELIVERED");
        assertEquals("ESCALATED", told.get(0).get("event"));
        assertEquals(1, told.get(0).get("escalationOrder"), "order 1 is told first: " + told.get(0));
        String text = JSON.readTree(receivers.at(path).get(0).body()).path("text").asText();
        assertTrue(text.startsWith("🆘 A HUMAN MUST DECIDE"), text);
        assertTrue(text.contains("the decided strategy cannot run"), text);
        assertTrue(text.contains("no other plan is run"), text);
        assertTrue(text.contains("Ada Lovelace (On-call Engineer)"), text);
        assertFalse(ExecutorServiceStub.EXECUTIONS_BY_KEY.containsKey(id), "nothing was sent to executor-service");
    }

    @Test
    void anUnansweredApprovalIsRemindedThenEscalatesAlongTheOnCallListOncePerStep() throws Exception {
        String service = newService();
        onCall(service, "PT1S");
        approvalWindow(service, "PT6S");
        channel(service + "-mail", Map.of("kind", "email", "services", List.of(service),
                "events", List.of("APPROVAL_NEEDED", "APPROVAL_DEADLINE_NEAR", "APPROVAL_OVERDUE"),
                "email", Map.of("host", "127.0.0.1", "port", receivers.smtpPort, "tls", "NONE", "from", "rewind@example.com")));
        String id = report(signals(service)).body("status", equalTo("PENDING_APPROVAL")).extract().path("id");

        List<Map<String, Object>> told = awaitDeliveries(id, 5, "DELIVERED");
        Map<String, List<Map<String, Object>>> byEvent = told.stream().collect(Collectors.groupingBy(d -> (String) d.get("event")));
        assertEquals(List.of(List.of("oncall1-" + service + "@example.com")),
                byEvent.get("APPROVAL_DEADLINE_NEAR").stream().map(d -> d.get("recipients")).toList());
        List<Map<String, Object>> overdue = new ArrayList<>(byEvent.get("APPROVAL_OVERDUE"));
        overdue.sort((a, b) -> ((Integer) a.get("escalationOrder")).compareTo((Integer) b.get("escalationOrder")));
        assertEquals(List.of(2, 3, 4), overdue.stream().map(d -> d.get("escalationOrder")).toList(), "1 → 2 → 3 → 4");
        assertEquals(List.of("lead2-" + service + "@example.com"), overdue.get(0).get("recipients"));
        assertEquals(List.of("devops3-" + service + "@example.com"), overdue.get(1).get("recipients"));
        assertEquals(List.of("cto4-" + service + "@example.com"), overdue.get(2).get("recipients"));
        awaitMail("cto4-" + service + "@example.com");

        // More rounds pass: every step was raised once, and the list has no fifth order.
        Thread.sleep(2000);
        assertEquals(5, deliveries(id).size());
        assertEquals(List.of("APPROVAL_DEADLINE_NEAR", "APPROVAL_OVERDUE", "APPROVAL_OVERDUE", "APPROVAL_OVERDUE"),
                timelineKinds(id).stream().filter(k -> k.startsWith("APPROVAL_")).toList());
        List<String> steps = timelineDetails(id, "APPROVAL_OVERDUE");
        assertTrue(steps.get(0).contains("escalation step 1: Grace Hopper (Engineering Lead), escalation order 2"), steps.toString());
    }

    @Test
    void anOpenIncidentWhosePublicPageIsNotUpdatedIsReportedOncePerPeriod() throws Exception {
        String service = newService();
        String path = "/hook/" + service;
        channel(service + "-hook", Map.of("kind", "webhook", "services", List.of(service), "events", List.of("STATUS_PAGE_STALE"),
                "webhook", Map.of("url", receivers.url(path), "secret", Map.of("file", secret("whsec-stale")))));
        String id = report(signals(service)).body("status", equalTo("PENDING_APPROVAL")).extract().path("id");

        List<Map<String, Object>> told = awaitDeliveries(id, 1, "DELIVERED");
        JsonNode body = JSON.readTree((String) told.get(0).get("body"));
        assertEquals("STATUS_PAGE_STALE", body.path("event").asText());
        assertTrue(body.path("detail").asText().startsWith("nothing has been posted on the public status page since the "
                + "incident was decided at"), body.path("detail").asText());
        assertTrue(body.path("text").asText().startsWith("📣 STATUS PAGE NOT UPDATED"));

        // The page stays quiet: each further period is reported once, never twice.
        Thread.sleep(3500);
        List<String> stale = timelineDetails(id, "STATUS_PAGE_STALE");
        assertTrue(stale.size() >= 2, "a second period was reported: " + stale);
        assertEquals(stale.size(), stale.stream().distinct().count(), "each period once: " + stale);
        assertEquals(stale.size(), reminders(id, "STATUS_PAGE_STALE"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(
                deliveries(id).size() >= stale.size()));
        assertEquals(deliveries(id).size(), deliveries(id).stream().map(d -> d.get("eventId")).distinct().count(),
                "one delivery per event and channel");
    }

    @Test
    void aFlakyReceiverIsRetriedUntilItAcceptsAndADeadOneFailsAfterTheLastAttempt() throws Exception {
        String service = newService();
        String flaky = "/flaky/" + service;
        String down = "/down/" + service;
        receivers.failing.put(flaky, new AtomicInteger(2));
        receivers.failing.put(down, new AtomicInteger(-1));
        channel(service + "-flaky", Map.of("kind", "webhook", "services", List.of(service), "events", List.of("APPROVAL_NEEDED"),
                "webhook", Map.of("url", receivers.url(flaky), "secret", Map.of("file", secret("whsec-flaky")))));
        channel(service + "-down", Map.of("kind", "webhook", "services", List.of(service), "events", List.of("APPROVAL_NEEDED"),
                "webhook", Map.of("url", receivers.url(down), "secret", Map.of("file", secret("whsec-down")))));
        String id = report(signals(service)).extract().path("id");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(
                Map.of(service + "-flaky", "DELIVERED", service + "-down", "FAILED"), deliveries(id).stream()
                        .collect(Collectors.toMap(d -> (String) d.get("channel"), d -> (String) d.get("state")))));
        Map<String, Map<String, Object>> byChannel = deliveries(id).stream()
                .collect(Collectors.toMap(d -> (String) d.get("channel"), d -> d));
        Map<String, Object> delivered = byChannel.get(service + "-flaky");
        assertEquals(3, delivered.get("attempts"), "two 500s, then accepted");
        assertEquals(200, delivered.get("lastStatusCode"));
        List<NotificationReceivers.Request> attempts = receivers.at(flaky);
        assertEquals(3, attempts.size());
        assertEquals(1, attempts.stream().map(r -> r.header(Signatures.DELIVERY_HEADER)).distinct().count(),
                "every retry is the same delivery");
        assertEquals(1, attempts.stream().map(NotificationReceivers.Request::body).distinct().count(), "with the same body");

        Map<String, Object> failed = byChannel.get(service + "-down");
        assertEquals(3, failed.get("attempts"), "rewind.decision.notify.max-attempts");
        assertEquals(500, failed.get("lastStatusCode"));
        assertEquals(receivers.url(down) + " answered HTTP 500", failed.get("lastError"));
        assertEquals(3, receivers.at(down).size());
        List<String> timeline = timelineDetails(id, "NOTIFICATION_FAILED");
        assertEquals(List.of("notifying " + service + "-down (APPROVAL_NEEDED) failed after 3 attempts: "
                + receivers.url(down) + " answered HTTP 500"), timeline);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/notifications?incident={id}&state=FAILED", id).then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].channel", equalTo(service + "-down"));
    }

    @Test
    void senderRoundsRunningTogetherSendEachDeliveryOnce() throws Exception {
        String service = newService();
        String path = "/slow/" + service;
        receivers.slow.put(path, 1000);
        channel(service + "-slow", Map.of("kind", "webhook", "services", List.of(service), "events", List.of("APPROVAL_NEEDED"),
                "webhook", Map.of("url", receivers.url(path), "secret", Map.of("file", secret("whsec-slow")))));
        String id = report(signals(service)).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deliveries(id).size() == 1);

        // Six more rounds, as other replicas would run them, while the scheduled one may hold the delivery.
        ExecutorService replicas = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> rounds = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                rounds.add(replicas.submit(() -> {
                    try {
                        return VertxContextSupport.subscribeAndAwait(() -> sender.deliverDue());
                    } catch (Throwable t) {
                        throw new IllegalStateException("a sending round failed", t);
                    }
                }));
                Thread.sleep(150);
            }
            for (Future<Integer> round : rounds) {
                round.get(30, TimeUnit.SECONDS);
            }
        } finally {
            replicas.shutdownNow();
        }
        awaitDeliveries(id, 1, "DELIVERED");
        assertEquals(1, receivers.at(path).size(), "sent once, by one of the rounds");
        assertEquals(1, deliveries(id).get(0).get("attempts"));
    }

    // --- fixtures

    /** A service of this class (its channels are removed after it) whose every strategy has the stub's plan. */
    static String newService() {
        String service = bareService();
        IncidentResourceTest.storePolicy(service, Map.of("immediateRollbackWithoutApproval", false),
                Map.of("REVERT_DEPLOYMENT", service + "-rollback", "BLUE_GREEN_SWITCHBACK", service + "-rollback",
                        "FEATURE_FLAG_DISABLE", service + "-rollback", "DATABASE_ROLLBACK", service + "-rollback",
                        "FULL_SYSTEM", service + "-rollback"));
        return service;
    }

    /** A service of this class with no policy stored: the runbooks' defaults, which map no strategy to a plan. */
    static String bareService() {
        return "nt-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> signals(String service) {
        return IncidentResourceTest.signals(service);
    }

    static ValidatableResponse report(Map<String, Object> signals) {
        return IncidentResourceTest.report(signals).statusCode(201);
    }

    /** Seed 004's four emergency contacts, each with an address of its own per service. */
    static void onCall(String service, String wait) {
        List<Map<String, Object>> contacts = List.of(
                contact("On-call Engineer", "Ada Lovelace", 1, "oncall1-" + service + "@example.com", "U0ONCALL1", wait),
                contact("Engineering Lead", "Grace Hopper", 2, "lead2-" + service + "@example.com", "U0LEAD2", wait),
                contact("DevOps Lead", "Linus Torvalds", 3, "devops3-" + service + "@example.com", null, wait),
                contact("CTO", "Barbara Liskov", 4, "cto4-" + service + "@example.com", null, wait));
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("contacts", contacts)).put("/api/escalation-policies/{service}", service).then().statusCode(201);
    }

    private static Map<String, Object> contact(String role, String name, int order, String email, String slack, String wait) {
        Map<String, Object> contact = new HashMap<>(Map.of("role", role, "name", name, "order", order, "email", List.of(email),
                "phone", "+1 555 0100", "waitBeforeNext", wait));
        if (slack != null) {
            contact.put("slack", slack);
        }
        return contact;
    }

    /** The service's policy with a P1 approval window of {@code within}. */
    static void approvalWindow(String service, String within) {
        Map<String, Object> rules = given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/policies/{service}", service).then().statusCode(200).extract().jsonPath().getMap("rules");
        @SuppressWarnings("unchecked")
        Map<String, Object> approvals = (Map<String, Object>) rules.get("approvals");
        approvals.put("P1", Map.of("level", "ON_CALL_LEAD", "within", within));
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("rules", rules)).put("/api/policies/{service}", service).then().statusCode(200);
    }

    static void channel(String name, Map<String, Object> body) {
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON).body(body)
                .put("/api/notification-channels/{name}", name).then().statusCode(201);
    }

    /** A secret in a file of its own, as a mounted Kubernetes Secret would hold it; its absolute path. */
    static String secret(String value) throws IOException {
        Path file = Files.createTempFile(secrets, "secret", "");
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        return file.toString();
    }

    /** What a receiver computes: the hex HMAC-SHA256 of {@code timestamp.body} under the shared secret. */
    static String receiverSignature(String secret, String timestamp, String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1=" + java.util.HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    static List<Map<String, Object>> deliveries(String incident) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/notifications?incident={id}", incident).then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** Waits until the incident has {@code count} deliveries, all in {@code state}; them, newest first. */
    static List<Map<String, Object>> awaitDeliveries(String incident, int count, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Map<String, Object>> all = deliveries(incident);
            assertEquals(count, all.size(), "deliveries: " + all);
            all.forEach(d -> assertEquals(state, d.get("state"), "delivery: " + d));
        });
        return deliveries(incident);
    }

    static MimeMessage awaitMail(String to) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (MimeMessage m : receivers.smtp.getReceivedMessages()) {
                for (var address : m.getAllRecipients()) {
                    if (address.toString().equals(to)) {
                        return m;
                    }
                }
            }
            return null;
        }, m -> m != null);
    }

    static List<String> timelineKinds(String incident) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}/timeline", incident)
                .then().statusCode(200).extract().jsonPath().getList("entries.kind");
    }

    static List<String> timelineDetails(String incident, String kind) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/incidents/{id}/timeline", incident)
                .then().statusCode(200).extract().jsonPath().getList("entries.findAll { it.kind == '" + kind + "' }.detail");
    }

    private static void timelineEvent(String incident, String kind, String detail) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO decision.incident_events (incident_id, at, kind, actor, detail) VALUES (?::uuid, now(), ?, 'executor-service', ?)")) {
            s.setString(1, incident);
            s.setString(2, kind);
            s.setString(3, detail);
            s.executeUpdate();
        }
    }

    private static int reminders(String incident, String kind) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM decision.notification_reminders WHERE incident_id = ?::uuid AND kind = ?")) {
            s.setString(1, incident);
            s.setString(2, kind);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
