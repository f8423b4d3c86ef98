package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.count;
import static io.rewind.executor.TestExecutions.dryRun;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.service.ExecutionEvents;
import io.rewind.executor.service.ExecutionWorker;

/**
 * What one client can hold open or queue is bounded, here with small limits: event streams per execution and per
 * replica, dry runs and inline executions per key. One more is a 429 problem with Retry-After, and nothing is opened or
 * stored for it; a slot comes back when a stream ends (its execution ended, or its client left) or an execution ends.
 */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
class LimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rewind.executor.events.max-streams-per-execution", "2",
                    "rewind.executor.events.max-streams", "3",
                    "rewind.executor.queue.max-dry-runs-per-caller", "2",
                    "rewind.executor.queue.max-inline-runs-per-caller", "2");
        }
    }

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BY_TARGET = "SELECT count(*) FROM executor.executions WHERE target = ?";

    @TestHTTPResource("/")
    URL base;

    @Inject
    ExecutionWorker worker;

    @Inject
    ExecutionEvents events;

    private final List<InputStream> streams = new ArrayList<>();

    @BeforeEach
    @AfterEach
    void clean() throws Exception {
        for (InputStream stream : streams) {
            stream.close();
        }
        streams.clear();
        // Other test classes share the database: only this test's executions may count against the limits.
        TestExecutions.cancelAllActive();
        awaitThat(() -> events.openStreams() == 0, "every stream closed");
    }

    private static Map<String, Object> waitStep(String duration) {
        return TestPlans.step("hold", StepKind.WAIT.id(), Map.of("duration", duration));
    }

    /** A real execution of a stored plan, started by an operator: bounded by its target, not by the queue limits. */
    private static String started(String target) {
        String plan = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.plan(TestPlans.newName("hold"), target, List.of(waitStep("PT1H")))).post("/api/plans")
                .then().statusCode(201).extract().path("id");
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("planId", plan)).post("/api/executions").then().statusCode(202).extract().path("id");
    }

    private static String startedInline(String target) {
        return start(inline(target, List.of(waitStep("PT1H")))).statusCode(202).extract().path("id");
    }

    private HttpResponse<InputStream> stream(String id) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "api/executions/" + id + "/events"))
                .header("Authorization", TestKeys.bearer(Role.VIEWER)).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Opens a stream and reads its first event, so it is open on the server; kept until the test closes it. */
    private BufferedReader open(String id) throws Exception {
        HttpResponse<InputStream> response = stream(id);
        assertEquals(200, response.statusCode());
        streams.add(response.body());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertNotNull(next(reader));
        return reader;
    }

    private static JsonNode next(BufferedReader reader) throws Exception {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("data:")) {
                return JSON.readTree(line.substring(5).trim());
            }
        }
        return null;
    }

    private void assertRefused(String id, String because) throws Exception {
        HttpResponse<InputStream> response = stream(id);
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(429, response.statusCode(), body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), body);
        assertTrue(response.headers().firstValue("Retry-After").orElse("").matches("[1-9][0-9]*"), "Retry-After");
        JsonNode problem = JSON.readTree(body);
        assertEquals("urn:rewind:problem:too-many-requests", problem.path("type").asText());
        assertTrue(problem.path("detail").asText().contains(because), body);
    }

    private static void awaitThat(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anExecutionHasAtMostItsNumberOfStreamsAndAClosedOneFreesItsPlace() throws Exception {
        String id = started(TestPlans.newName("svc"));
        open(id);
        open(id);
        assertRefused(id, "already has 2 event streams open");
        assertEquals(2, events.openStreams(), "the refused stream was never opened");

        streams.remove(0).close();
        awaitThat(() -> events.openStreams() == 1, "the closed stream's place was given back");
        open(id);
    }

    @Test
    void theReplicaHasAtMostItsNumberOfStreamsInAll() throws Exception {
        String a = started(TestPlans.newName("svc"));
        String b = started(TestPlans.newName("svc"));
        String c = started(TestPlans.newName("svc"));
        open(a);
        open(a);
        open(b);
        assertRefused(c, "already streams 3 executions' events");
        // An unknown execution is still a 404, whatever the limits.
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/executions/{id}/events", java.util.UUID.randomUUID()).then(), 404, "not-found");
    }

    @Test
    void aStreamEndsWhenItsExecutionEndsAndGivesItsPlaceBack() throws Exception {
        String id = start(inline(TestPlans.newName("svc"), List.of(waitStep("PT0.05S")))).statusCode(202)
                .extract().path("id");
        BufferedReader reader = open(id);
        open(id);
        runToEnd(worker, id);
        JsonNode last = null;
        for (JsonNode event = next(reader); event != null; event = next(reader)) {
            last = event;
        }
        assertNotNull(last);
        assertEquals("execution", last.path("type").asText());
        assertEquals("SUCCEEDED", last.path("executionStatus").asText());
        awaitThat(() -> events.openStreams() == 0, "both streams ended with their execution");
        assertNull(next(reader));
    }

    @Test
    void aKeyQueuesAtMostItsNumberOfDryRunsAnotherKeyHasItsOwn() throws Exception {
        String target = TestPlans.newName("svc");
        Map<String, Object> body = dryRun(inline(target, List.of(waitStep("PT0.01S"))));
        String first = start(body).statusCode(202).extract().path("id");
        start(body).statusCode(202);

        assertProblem(start(body), 429, "too-many-requests")
                .header("Retry-After", "5")
                .body("detail", containsString("test-admin already has 2 dry runs pending or running"))
                .body("retryAfterSeconds", equalTo(5));
        assertEquals(2, count(BY_TARGET, target), "the refused dry run was not stored");
        // Another key's dry runs are its own.
        String plan = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.plan(TestPlans.newName("look"), target, List.of(waitStep("PT0.01S")))).post("/api/plans")
                .then().statusCode(201).extract().path("id");
        given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("planId", plan, "dryRun", true)).post("/api/executions").then().statusCode(202);

        runToEnd(worker, first);
        start(body).statusCode(202);
    }

    @Test
    void racingDryRunsOfOneKeyCannotSlipPastTheLimit() throws Exception {
        String target = TestPlans.newName("svc");
        Map<String, Object> body = dryRun(inline(target, List.of(waitStep("PT0.01S"))));
        List<Integer> statuses = TestExecutions.concurrently(12, () -> start(body).extract().statusCode());
        assertEquals(2, statuses.stream().filter(s -> s == 202).count(), statuses.toString());
        assertEquals(10, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        assertEquals(2, count(BY_TARGET, target));
    }

    @Test
    void aKeyQueuesAtMostItsNumberOfInlineExecutions() throws Exception {
        startedInline(TestPlans.newName("svc"));
        startedInline(TestPlans.newName("svc"));
        String third = TestPlans.newName("svc");
        assertProblem(start(inline(third, List.of(waitStep("PT1H")))), 429, "too-many-requests")
                .header("Retry-After", "5")
                .body("detail", containsString("already has 2 inline executions pending or running"));
        assertEquals(0, count(BY_TARGET, third));
    }
}
