package io.rewind.status.rest;

import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.status.StatusFixtures.get;
import static io.rewind.status.StatusFixtures.incident;
import static io.rewind.status.StatusFixtures.post;
import static io.rewind.status.StatusFixtures.unique;
import static io.rewind.status.StatusFixtures.update;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.status.service.WebhookService;

/** Webhooks to a receiver on 127.0.0.1: signed, retried after a failure, logged. */
@QuarkusTest
class WebhookDeliveryTest {

    record Received(String path, String signature, String event, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** The receiver answers 500 this many times before accepting, as a flaky endpoint would. */
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final List<String> subscribers = new CopyOnWriteArrayList<>();

    @Inject
    WebhookService webhooks;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            received.add(new Received(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst(WebhookService.SIGNATURE_HEADER),
                    exchange.getRequestHeaders().getFirst("X-Rewind-Event"), body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        // Subscribers outlive a test class otherwise, and would be notified of every other test's incidents.
        subscribers.forEach(id -> RestAssured.given().header("Authorization", TestKeys.bearer(Role.ADMIN))
                .delete("/api/admin/subscribers/{id}", id));
        receiver.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private String subscribe(String path, String format, String secret) {
        String id = post(Role.ADMIN, "/api/admin/subscribers", Map.of("name", unique("hook"), "url", url(path),
                "format", format, "secret", secret)).statusCode(201)
                .body("secret", equalTo(secret)).extract().path("id");
        subscribers.add(id);
        return id;
    }

    private Received await(Predicate<Received> which) throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            for (Received r : received) {
                if (which.test(r)) {
                    return r;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no matching webhook arrived; received " + received);
    }

    @Test
    void subscribersAreToldOfCreateUpdateAndResolveSignedAndRetriedAfterAFailure() throws Exception {
        String secret = "a-long-enough-shared-secret";
        String subscriber = subscribe("/json", "json", secret);
        subscribe("/slack", "slack", "another-shared-secret-value");
        failuresLeft.set(1);

        String name = unique("Checkout errors");
        String id = incident(name, "major", List.of());
        Received created = await(r -> r.path().equals("/json") && r.body().contains(id)
                && "incident.created".equals(r.event()));
        assertEquals(WebhookService.sign(secret, created.body()), created.signature(), "signed with the secret");
        assertTrue(created.signature().matches("sha256=[0-9a-f]{64}"));
        JsonNode body = JSON.readTree(created.body());
        assertEquals("incident.created", body.get("event").asText());
        assertEquals(id, body.at("/incident/id").asText());
        assertEquals("investigating", body.at("/incident_update/status").asText());

        Received slack = await(r -> r.path().equals("/slack") && r.body().contains(name));
        JsonNode text = JSON.readTree(slack.body());
        assertEquals(1, text.size(), "Slack reads {\"text\": ...} only");
        assertTrue(text.get("text").asText().startsWith("*[Investigating] " + name + "*"), text.get("text").asText());

        update(id, "identified", "Rolling back.", List.of()).statusCode(201);
        await(r -> r.path().equals("/json") && r.body().contains(id) && "incident.updated".equals(r.event()));
        update(id, "resolved", "All good.", List.of()).statusCode(201);
        await(r -> r.path().equals("/json") && r.body().contains(id) && "incident.resolved".equals(r.event()));

        // Exactly one attempt failed (the first to reach the receiver), and was retried until delivered.
        long attempts = received.stream().filter(r -> r.body().contains(id)).count();
        assertTrue(attempts >= 7, "3 events to 2 subscribers, plus the retry: " + attempts);
        List<Map<String, Object>> log = get(Role.VIEWER, "/api/admin/subscribers/" + subscriber + "/deliveries")
                .statusCode(200).extract().jsonPath().getList("findAll { it.incidentId == '" + id + "' }");
        assertEquals(3, log.size());
        for (Map<String, Object> delivery : log) {
            awaitDelivered(subscriber, (String) delivery.get("id"));
        }
    }

    private void awaitDelivered(String subscriber, String delivery) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<Map<String, Object>> log = get(Role.VIEWER, "/api/admin/subscribers/" + subscriber + "/deliveries")
                    .extract().jsonPath().getList("findAll { it.id == '" + delivery + "' }");
            if ("delivered".equals(log.get(0).get("status"))) {
                assertEquals(204, log.get(0).get("lastStatusCode"));
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("delivery " + delivery + " was never recorded as delivered");
    }

    @Test
    void aFailedAttemptIsLoggedWithItsStatusAndRetried() throws Exception {
        String subscriber = subscribe("/flaky", "json", "yet-another-shared-secret");
        failuresLeft.set(2);
        String id = incident(unique("Flaky receiver"), "minor", List.of());
        await(r -> r.body().contains(id) && received.stream().filter(x -> x.body().contains(id)).count() >= 3);
        for (int i = 0; i < 100; i++) {
            Map<String, Object> d = get(Role.VIEWER, "/api/admin/subscribers/" + subscriber + "/deliveries")
                    .extract().jsonPath().getMap("[0]");
            if ("delivered".equals(d.get("status"))) {
                assertEquals(3, d.get("attempts"), "two failures, then the delivery");
                assertEquals(null, d.get("lastError"));
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the delivery was never recorded as delivered");
    }

    @Test
    void subscribersAreManagedByAdminsAndSecretsAreShownOnce() {
        String id = post(Role.ADMIN, "/api/admin/subscribers", Map.of("name", unique("generated"),
                "url", url("/x"))).statusCode(201).body("format", equalTo("json"))
                .body("secret", org.hamcrest.Matchers.notNullValue()).extract().path("id");
        subscribers.add(id);
        get(Role.VIEWER, "/api/admin/subscribers/" + id).statusCode(200).body("secret", nullValue());
        assertProblem(post(Role.ADMIN, "/api/admin/subscribers", Map.of("name", "x", "url", "ftp://example.com")),
                400, "validation").body("errors[0].field", equalTo("url"));
        assertProblem(post(Role.ADMIN, "/api/admin/subscribers", Map.of("name", "x", "url", url("/"), "format", "xml")),
                400, "validation").body("errors[0].field", equalTo("format"));
        assertProblem(post(Role.OPERATOR, "/api/admin/subscribers", Map.of("name", "x", "url", url("/"))),
                403, "forbidden");
    }

    @Test
    void replicasPollingTogetherSendEachDeliveryOnce() throws Exception {
        // A slow receiver keeps each attempt in flight for a second, while three more rounds (other replicas) poll.
        List<String> deliveryIds = new CopyOnWriteArrayList<>();
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.setExecutor(Executors.newFixedThreadPool(4));
        slow.createContext("/", exchange -> {
            deliveryIds.add(exchange.getRequestHeaders().getFirst("X-Rewind-Delivery"));
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        slow.start();
        try {
            String subscriber = post(Role.ADMIN, "/api/admin/subscribers", Map.of("name", unique("slow"),
                    "url", "http://127.0.0.1:" + slow.getAddress().getPort() + "/slow", "format", "json",
                    "secret", "a-secret-for-the-slow-one")).statusCode(201).extract().path("id");
            subscribers.add(subscriber);
            String id = incident(unique("Replicas"), "minor", List.of());
            ExecutorService replicas = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> rounds = new ArrayList<>();
                for (int round = 0; round < 6; round++) {
                    rounds.add(replicas.submit(() -> {
                        try {
                            return VertxContextSupport.subscribeAndAwait(() -> webhooks.deliverDue());
                        } catch (Throwable t) {
                            throw new IllegalStateException("a delivery round failed", t);
                        }
                    }));
                    Thread.sleep(150);
                }
                for (Future<?> round : rounds) {
                    round.get(30, TimeUnit.SECONDS);
                }
            } finally {
                replicas.shutdownNow();
            }
            List<Map<String, Object>> log = get(Role.VIEWER, "/api/admin/subscribers/" + subscriber + "/deliveries")
                    .extract().jsonPath().getList("findAll { it.incidentId == '" + id + "' }");
            assertEquals(1, log.size());
            awaitDelivered(subscriber, (String) log.get(0).get("id"));
            assertEquals(List.of(log.get(0).get("id")), deliveryIds, "sent once, by one of the rounds");
        } finally {
            slow.stop(0);
        }
    }
}
