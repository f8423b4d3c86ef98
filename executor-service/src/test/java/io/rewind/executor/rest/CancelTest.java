package io.rewind.executor.rest;

import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.cancel;
import static io.rewind.executor.TestExecutions.count;
import static io.rewind.executor.TestExecutions.get;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

/**
 * Cancelling an execution while one of its steps is being acted on: the execution is CANCELLED at once, but its
 * target stays held (409 to a second execution, naming the cancelled one) until that step has finished or been fenced,
 * so two executions never act on one target at the same time.
 */
@QuarkusTest
class CancelTest {

    private static final String BY_TARGET = "SELECT count(*) FROM executor.executions WHERE target = ?";

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    ExecutionWorker worker;

    @BeforeEach
    @AfterEach
    void endWhatOtherTestsLeftRunning() throws Exception {
        // The worker claims the oldest runnable step first: only this test's may be there.
        TestExecutions.cancelAllActive();
    }

    /** An HTTP service whose answers (the given statuses, in turn) wait until the test lets them go. */
    private static final class HeldService implements AutoCloseable {
        final HttpServer server;
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger requests = new AtomicInteger();

        HeldService(int... statuses) throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                int n = requests.getAndIncrement();
                exchange.getRequestBody().readAllBytes();
                arrived.countDown();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(statuses[Math.min(n, statuses.length - 1)], -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
        }
    }

    private static Map<String, Object> post(String target, int retries) {
        return TestPlans.step("warm up", StepKind.VERIFY_HTTP.id(), target, Map.of("path", "/warmup", "method", "POST",
                "retries", retries));
    }

    private static Map<String, Object> waitStep(String name) {
        return TestPlans.step(name, StepKind.WAIT.id(), Map.of("duration", "PT0.01S"));
    }

    private BufferedReader events(String id) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "api/executions/" + id + "/events")).header("Authorization", TestKeys.bearer(Role.VIEWER))
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    /** Starts the first step's attempt on another thread and returns once its request is at the service. */
    private CompletableFuture<Boolean> actOn(HeldService service) throws Exception {
        CompletableFuture<Boolean> acting = CompletableFuture.supplyAsync(worker::runOne);
        assertTrue(service.arrived.await(60, TimeUnit.SECONDS), "the step's request reached the service");
        return acting;
    }

    @Test
    void aStepActingWhenItsExecutionIsCancelledFinishesFirstAndHoldsTheTargetUntilThen() throws Exception {
        try (HeldService service = new HeldService(200)) {
            String target = TestPlans.newName("svc");
            String id = start(inline(target, List.of(post(TestTargets.http(service.url()), 0), waitStep("then"))))
                    .statusCode(202).extract().path("id");
            CompletableFuture<Boolean> acting = actOn(service);

            cancel(id).statusCode(200).body("status", equalTo("CANCELLED")).body("targetHeld", equalTo(true))
                    .body("steps.status", contains("RUNNING", "SKIPPED"));
            assertProblem(start(inline(target, List.of(waitStep("second")))), 409, "conflict")
                    .body("runningExecutionId", equalTo(id))
                    .body("detail", containsString("still held by execution " + id + ", cancelled by test-operator"));
            assertEquals(1, count(BY_TARGET, target), "the second execution was not stored");
            // A watcher's stream goes on until the step has ended, and its last event says how.
            BufferedReader stream = events(id);

            service.release.countDown();
            assertTrue(acting.get(60, TimeUnit.SECONDS));
            JsonNode last = null;
            for (String line = stream.readLine(); line != null; line = stream.readLine()) {
                if (line.startsWith("data:")) {
                    last = JSON.readTree(line.substring(5).trim());
                }
            }
            assertEquals("execution", last.path("type").asText());
            assertEquals("CANCELLED", last.path("executionStatus").asText());
            assertTrue(last.path("reason").asText().contains("has since SUCCEEDED"), last.toString());
            get(id).body("status", equalTo("CANCELLED")).body("targetHeld", equalTo(false))
                    .body("steps.status", contains("SUCCEEDED", "SKIPPED"))
                    .body("reason", startsWith("cancelled by test-operator; step 'warm up' (verify.http), still running "
                            + "then, has since SUCCEEDED: called POST "));
            start(inline(target, List.of(waitStep("second")))).statusCode(202);
            assertEquals(1, service.requests.get(), "nothing of the cancelled execution ran again");
        }
    }

    @Test
    void aStepThatWouldRetryAfterTheCancelIsCancelledWhenItsAttemptEnds() throws Exception {
        try (HeldService service = new HeldService(503)) {
            String target = TestPlans.newName("svc");
            String id = start(inline(target, List.of(post(TestTargets.http(service.url()), 5))))
                    .statusCode(202).extract().path("id");
            CompletableFuture<Boolean> acting = actOn(service);
            cancel(id).statusCode(200).body("targetHeld", equalTo(true));

            service.release.countDown();
            acting.get(60, TimeUnit.SECONDS);
            get(id).body("targetHeld", equalTo(false)).body("steps[0].status", equalTo("CANCELLED"))
                    .body("steps[0].error", equalTo("cancelled by test-operator while waiting"))
                    .body("steps[0].output", startsWith("attempt 1 of 6: expected status 200, got 503"));
            worker.runPending();
            assertEquals(1, service.requests.get(), "no retry after the cancel");
            start(inline(target, List.of(waitStep("second")))).statusCode(202);
        }
    }

    @Test
    void aStepWhoseWorkerDiedIsFencedOnceItsLeaseRunsOutAndTheTargetFreed() throws Exception {
        String target = TestPlans.newName("svc");
        String id = start(inline(target, List.of(TestPlans.step("hold", StepKind.WAIT.id(), Map.of("duration", "PT1H")),
                waitStep("then")))).statusCode(202).extract().path("id");
        worker.runPending();
        // As if another worker were acting on the step right now, with a lease still running.
        lease(id, "now() + interval '1 hour'");

        cancel(id).statusCode(200).body("targetHeld", equalTo(true)).body("steps.status", contains("RUNNING", "SKIPPED"));
        worker.runPending();
        get(id).body("targetHeld", equalTo(true)).body("steps[0].status", equalTo("RUNNING"));
        assertProblem(start(inline(target, List.of(waitStep("second")))), 409, "conflict")
                .body("runningExecutionId", equalTo(id));

        // That worker died: once its lease has run out, the step is fenced and the target is free.
        lease(id, "now() - interval '1 second'");
        TestExecutions.runWhileTargetHeld(worker, id).body("status", equalTo("CANCELLED"))
                .body("steps.status", contains("CANCELLED", "SKIPPED"))
                .body("steps[0].error", equalTo("cancelled by test-operator while it was running; it was stopped before "
                        + "acting again"))
                .body("reason", equalTo("cancelled by test-operator"));
        start(inline(target, List.of(waitStep("second")))).statusCode(202);
    }

    @Test
    void aWaitingStepIsCancelledAtOnceAndTheTargetIsFreeAtOnce() throws Exception {
        String target = TestPlans.newName("svc");
        String id = start(inline(target, List.of(TestPlans.step("hold", StepKind.WAIT.id(), Map.of("duration", "PT1H")))))
                .statusCode(202).extract().path("id");
        worker.runPending();
        cancel(id).statusCode(200).body("targetHeld", equalTo(false)).body("steps[0].status", equalTo("CANCELLED"));
        start(inline(target, List.of(waitStep("second")))).statusCode(202);
    }

    private static void lease(String id, String until) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE executor.execution_steps SET claimed_by = 'another-worker', lease_until = " + until
                        + ", next_attempt_at = NULL WHERE execution_id = ? AND position = 0")) {
            s.setObject(1, UUID.fromString(id));
            assertEquals(1, s.executeUpdate());
        }
    }
}
