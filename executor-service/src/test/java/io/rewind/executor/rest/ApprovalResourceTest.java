package io.rewind.executor.rest;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.get;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.ParameterizedTest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.security.Services;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.LocalHttpServer;
import io.rewind.executor.LocalHttpServer.Answer;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.service.ExecutionWorker;

/**
 * The {@code approval} step: an execution stops at it until an operator or approver approves (it goes on) or rejects
 * (it fails), over HTTP, with who, when and why recorded.
 */
@QuarkusTest
class ApprovalResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    ExecutionWorker worker;

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static Map<String, Object> approval(String message) {
        return TestPlans.step("sign off", StepKind.APPROVAL.id(), Map.of("message", message));
    }

    private static Map<String, Object> smoke(LocalHttpServer server) {
        return TestPlans.httpCheck("smoke", Map.of("url", server.url("/health"), "method", "POST"));
    }

    private static ValidatableResponse decide(String id, int position, String what, Role role, String comment) {
        var request = given().header("Authorization", TestKeys.bearer(role));
        if (comment != null) {
            request = request.contentType(ContentType.JSON).body(Map.of("comment", comment));
        }
        return request.post("/api/executions/{id}/steps/{position}/" + what, id, position).then();
    }

    /** Starts the execution and lets the worker reach the approval step. */
    private String startAndReachApproval(Object... steps) {
        String id = start(inline(TestPlans.newName("svc"), List.of(steps))).statusCode(202).extract().path("id");
        worker.runPending();
        return id;
    }

    @Test
    void anExecutionWaitsAtTheApprovalStepAndGoesOnOnceApproved() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(new Answer(200, "UP"))) {
            String id = startAndReachApproval(approval("Restore orders from the 04:00 backup?"), smoke(server));
            worker.runPending();
            get(id).statusCode(200).body("status", equalTo("RUNNING"))
                    .body("awaitingApproval.position", equalTo(0))
                    .body("awaitingApproval.name", equalTo("sign off"))
                    .body("awaitingApproval.message", equalTo("Restore orders from the 04:00 backup?"))
                    .body("awaitingApproval.approve", equalTo("/api/executions/" + id + "/steps/0/approve"))
                    .body("steps[0].status", equalTo("RUNNING"))
                    .body("steps[0].output", startsWith("waiting for approval"))
                    .body("steps[0].output", containsString("Restore orders from the 04:00 backup?"))
                    .body("steps[1].status", equalTo("PENDING"));
            assertEquals(0, server.requests(), "nothing after the approval step ran");

            decide(id, 0, "approve", Role.APPROVER, "backup checked with the DBA").statusCode(200)
                    .body("steps[0].decision.decision", equalTo("APPROVED"))
                    .body("steps[0].decision.by", equalTo("test-approver"))
                    .body("steps[0].decision.comment", equalTo("backup checked with the DBA"))
                    .body("awaitingApproval", nullValue());

            runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                    .body("steps[0].status", equalTo("SUCCEEDED"))
                    .body("steps[0].after.approvedBy", equalTo("test-approver"))
                    .body("steps[0].after.comment", equalTo("backup checked with the DBA"))
                    .body("steps[0].output", startsWith("approved by test-approver at "))
                    .body("steps[0].output", containsString(": backup checked with the DBA"))
                    .body("steps[1].status", equalTo("SUCCEEDED"));
            assertEquals(1, server.requests());
        }
    }

    @Test
    void rejectingFailsTheExecutionWithWhoAndWhyAndRunsNothingAfter() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(new Answer(200, "UP"))) {
            String id = startAndReachApproval(approval("Go on?"), smoke(server));
            decide(id, 0, "reject", Role.OPERATOR, "error rate already back to normal").statusCode(200)
                    .body("steps[0].decision.decision", equalTo("REJECTED"));
            runToEnd(worker, id).body("status", equalTo("FAILED"))
                    .body("reason", startsWith("step 'sign off' (approval) failed: rejected by test-operator at "))
                    .body("reason", containsString(": error rate already back to normal"))
                    .body("steps[1].status", equalTo("SKIPPED"));
            assertEquals(0, server.requests());
        }
    }

    @Test
    void aStepThatIsNotWaitingIs409AndUnknownOnesAre404() throws Exception {
        Map<String, Object> hold = TestPlans.step("hold", StepKind.WAIT.id(), Map.of("duration", "PT1H"));
        String id = startAndReachApproval(hold, approval("Go on?"));
        assertProblem(decide(id, 1, "approve", Role.APPROVER, null), 409, "conflict")
                .body("detail", equalTo("Step 'sign off' is not waiting for approval (it is PENDING)."));
        assertProblem(decide(id, 0, "approve", Role.APPROVER, null), 409, "conflict")
                .body("detail", equalTo("Step 0 ('hold') is a wait step, not an approval step."));
        assertProblem(decide(id, 7, "approve", Role.APPROVER, null), 404, "not-found");
        assertProblem(decide(UUID.randomUUID().toString(), 0, "approve", Role.APPROVER, null), 404, "not-found");
        assertProblem(decide(id, 1, "approve", Role.VIEWER, null), 403, "forbidden");
        assertProblem(decide(id, 1, "approve", Role.APPROVER, "x".repeat(2001)), 400, "validation");

        String waiting = startAndReachApproval(approval("Go on?"));
        decide(waiting, 0, "approve", Role.APPROVER, null).statusCode(200);
        assertProblem(decide(waiting, 0, "reject", Role.OPERATOR, null), 409, "conflict")
                .body("detail", startsWith("Step 'sign off' was already approved by test-approver at "));
        runToEnd(worker, waiting).body("status", equalTo("SUCCEEDED"));
        assertProblem(decide(waiting, 0, "approve", Role.APPROVER, null), 409, "conflict")
                .body("detail", equalTo("The execution has already ended (SUCCEEDED)."));
    }

    /** A service's key neither approves nor rejects: an approval step is a person's checkpoint. */
    @Test
    void noServicesKeyApprovesOrRejects() throws Exception {
        String id = startAndReachApproval(approval("Go on?"));
        for (String service : Services.ALL) {
            for (String what : List.of("approve", "reject")) {
                assertProblem(given().header("Authorization", TestKeys.bearer(service)).contentType(ContentType.JSON)
                        .body(Map.of("comment", "from " + service))
                        .post("/api/executions/{id}/steps/{position}/" + what, id, 0).then(), 403, "forbidden");
            }
        }
        get(id).statusCode(200).body("status", equalTo("RUNNING")).body("steps[0].decision", nullValue())
                .body("awaitingApproval.position", equalTo(0));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = { "OPERATOR", "ADMIN" })
    void onlyApproversApproveWhileWhoeverRunsItMayStillReject(Role role) throws Exception {
        String id = startAndReachApproval(approval("Go on?"));
        assertProblem(decide(id, 0, "approve", role, "looks fine to me"), 403, "forbidden");
        get(id).statusCode(200).body("steps[0].decision", nullValue()).body("awaitingApproval.position", equalTo(0));

        decide(id, 0, "reject", role, "not needed after all").statusCode(200)
                .body("steps[0].decision.decision", equalTo("REJECTED"))
                .body("steps[0].decision.by", equalTo("test-" + role.id()));
        runToEnd(worker, id).body("status", equalTo("FAILED"));
    }

    @Test
    void cancellingAnExecutionWaitingForApprovalStillWorks() {
        String id = startAndReachApproval(approval("Go on?"));
        given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).post("/api/executions/{id}/cancel", id).then()
                .statusCode(200).body("status", equalTo("CANCELLED")).body("steps[0].status", equalTo("CANCELLED"))
                .body("awaitingApproval", nullValue());
        assertProblem(decide(id, 0, "approve", Role.APPROVER, null), 409, "conflict");
    }

    @Test
    void theEventStreamSaysWhenAnExecutionWaitsForApproval() throws Exception {
        String id = startAndReachApproval(approval("Go on?"));
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base.toString() + "api/executions/" + id + "/events"))
                .header("Authorization", TestKeys.bearer(Role.VIEWER)).header("Accept", "text/event-stream")
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            List<Map<String, Object>> events = new ArrayList<>();
            events.add(next(reader));
            events.add(next(reader));
            assertEquals(List.of("step", "approval"), events.stream().map(e -> e.get("type")).toList());
            assertEquals(0, events.get(1).get("position"));
            assertTrue(((String) events.get(1).get("output")).startsWith("waiting for approval"));

            decide(id, 0, "approve", Role.APPROVER, null).statusCode(200);
            runToEnd(worker, id);
            for (Map<String, Object> event = next(reader); event != null; event = next(reader)) {
                events.add(event);
            }
            assertEquals("execution", events.get(events.size() - 1).get("type"));
            assertEquals("SUCCEEDED", events.get(events.size() - 1).get("executionStatus"));
        }
    }

    private static Map<String, Object> next(BufferedReader reader) throws Exception {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data:")) {
                return JSON.readValue(line.substring(5).trim(), new TypeReference<>() {
                });
            }
        }
        return null;
    }
}
