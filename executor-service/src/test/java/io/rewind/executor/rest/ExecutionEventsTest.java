package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
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
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.service.ExecutionWorker;

/** The live progress stream, read as an engineer's browser reads it: line by line while the execution runs. */
@QuarkusTest
class ExecutionEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    ExecutionWorker worker;

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    /** Reads server-sent events one at a time from an open stream. */
    private static final class Events implements AutoCloseable {
        private final BufferedReader reader;

        Events(HttpResponse<java.io.InputStream> response) {
            this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        }

        /** The next event's data, or null when the stream has ended. */
        Map<String, Object> next() throws Exception {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    return JSON.readValue(line.substring(5).trim(), new TypeReference<>() {
                    });
                }
            }
            return null;
        }

        @Override
        public void close() throws Exception {
            reader.close();
        }
    }

    private Events open(String id) throws Exception {
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base.toString() + "api/executions/" + id + "/events"))
                .header("Authorization", TestKeys.bearer(Role.VIEWER)).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        return new Events(response);
    }

    private static Map<String, Object> waitStep(String name, String duration) {
        return TestPlans.step(name, StepKind.WAIT.id(), Map.of("duration", duration));
    }

    @Test
    void aWatcherSeesEachStepChangeAndTheEnd() throws Exception {
        String id = start(inline(TestPlans.newName("svc"), List.of(waitStep("hold", "PT1H"), waitStep("then", "PT1S"))))
                .statusCode(202).extract().path("id");
        try (Events events = open(id)) {
            Map<String, Object> first = events.next();
            assertEquals("step", first.get("type"));
            assertEquals("hold", first.get("name"));
            assertEquals("PENDING", first.get("status"));
            assertEquals("PENDING", events.next().get("status"));

            worker.runPending();
            // The stream may or may not catch the moment between the claim and the step's first output.
            Map<String, Object> running = events.next();
            while (running.get("output") == null) {
                assertEquals("RUNNING", running.get("status"));
                running = events.next();
            }
            assertEquals("hold", running.get("name"));
            assertEquals("RUNNING", running.get("status"));
            assertTrue(((String) running.get("output")).startsWith("waiting until"));

            given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).post("/api/executions/{id}/cancel", id)
                    .then().statusCode(200);
            List<Map<String, Object>> rest = new ArrayList<>();
            for (Map<String, Object> event = events.next(); event != null; event = events.next()) {
                rest.add(event);
            }
            assertEquals(List.of("step", "step", "execution"), rest.stream().map(e -> e.get("type")).toList());
            assertEquals("CANCELLED", rest.get(0).get("status"));
            assertEquals("SKIPPED", rest.get(1).get("status"));
            assertEquals("CANCELLED", rest.get(2).get("executionStatus"));
        }
    }

    @Test
    void anEndedExecutionStreamsItsFinalStateAndCloses() throws Exception {
        String id = start(inline(TestPlans.newName("svc"), List.of(waitStep("settle", "PT0.05S"))))
                .statusCode(202).extract().path("id");
        runToEnd(worker, id);
        try (Events events = open(id)) {
            Map<String, Object> step = events.next();
            assertEquals("SUCCEEDED", step.get("status"));
            assertEquals("waited PT0.05S", step.get("output"));
            Map<String, Object> end = events.next();
            assertEquals("execution", end.get("type"));
            assertEquals("SUCCEEDED", end.get("executionStatus"));
            assertFalse(end.containsKey("position"));
            assertEquals(null, events.next());
        }
    }

    @Test
    void anUnknownExecutionIs404AndTheStreamNeedsAKey() {
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/executions/{id}/events", UUID.randomUUID()).then(), 404, "not-found");
        assertProblem(given().get("/api/executions/{id}/events", UUID.randomUUID()).then(), 401, "unauthorized");
    }
}
