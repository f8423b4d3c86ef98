package io.rewind.executor.action;

import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.testing.PostgresResource;
import io.rewind.executor.LocalHttpServer;
import io.rewind.executor.LocalHttpServer.Answer;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.params.HttpCheckParams;
import io.rewind.executor.service.ExecutionWorker;
import io.rewind.executor.target.HttpTarget;
import io.rewind.executor.target.ResolvedTarget;

/**
 * {@code verify.http} against real local listeners: the service behind the step's {@code http} target (base URL
 * {@code /app} on it), and another listener standing for anything else on the network, which a step must never get the
 * executor to call, whether by its path or through a redirect of the target's server. Each attack asserts the refusal
 * and that the other listener received nothing.
 */
@QuarkusTest
class HttpCheckStepTest {

    /** What the other listener would hand out if it were ever asked. */
    private static final String OTHER_BODY = "OTHER-LISTENER-PRIVATE-CONTENT";

    @Inject
    ExecutionWorker worker;

    @Inject
    HttpCheckAction action;

    private LocalHttpServer other;
    private final List<LocalHttpServer> servers = new java.util.ArrayList<>();

    @BeforeEach
    void startTheOtherListener() throws Exception {
        other = serve(InetAddress.getLoopbackAddress(), new Answer(200, OTHER_BODY));
    }

    @AfterEach
    void stopEverything() throws Exception {
        TestExecutions.cancelAllActive();
        servers.forEach(LocalHttpServer::close);
    }

    private LocalHttpServer serve(InetAddress address, Answer... answers) throws Exception {
        LocalHttpServer server = new LocalHttpServer(address, answers);
        servers.add(server);
        return server;
    }

    private LocalHttpServer serve(Answer... answers) throws Exception {
        return serve(InetAddress.getLoopbackAddress(), answers);
    }

    private static Map<String, Object> check(String target, Object... params) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        return TestPlans.step("smoke", StepKind.VERIFY_HTTP.id(), target, map);
    }

    private ValidatableResponse run(Map<String, Object> step) throws Exception {
        String id = start(inline(TestPlans.newName("svc"), List.of(step))).statusCode(202).extract().path("id");
        return runToEnd(worker, id);
    }

    @Test
    void aPathIsCalledUnderTheTargetsBaseUrlAndChecked() throws Exception {
        LocalHttpServer service = serve(new Answer(200, "{\"status\":\"UP\"}"));
        String target = TestTargets.http(service.url("/app"));

        run(check(target, "path", "/q/health?full=true", "bodyContains", "UP"))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("called GET " + service.url("/app/q/health?full=true")
                        + " and expect 200 with a body containing 'UP': as expected"));

        assertEquals("/app/q/health?full=true", service.received().get(0).pathAndQuery());
    }

    @Test
    void pathsThatTryToLeaveTheBaseUrlAreRefusedAtRequestTime() throws Exception {
        LocalHttpServer service = serve(new Answer(200, "UP"));
        String target = TestTargets.http(service.url("/app"));
        String elsewhere = "127.0.0.1:" + other.port();
        List<String> paths = List.of(
                "//" + elsewhere + "/x",
                "http://" + elsewhere + "/x",
                "/../x",
                "/health/../../x",
                "/%2e%2e/x",
                "/%2E%2e/x",
                "/.%2e/x",
                "/%2f%2f" + elsewhere + "/x",
                "@" + elsewhere + "/x",
                "\\\\" + elsewhere + "\\x",
                "/x\\..\\..\\y",
                "/health#@" + elsewhere);
        for (String path : paths) {
            String service2 = TestPlans.newName("svc");
            start(inline(service2, List.of(check(target, "path", path)))).statusCode(400)
                    .body("errors.field", hasItem("steps[0].params.path"));
            assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", service2),
                    "nothing stored for " + path);
        }
        // The old way of naming a whole URL is refused too.
        start(inline(TestPlans.newName("svc"), List.of(check(target, "path", "/health", "url", other.url("/x")))))
                .statusCode(400).body("errors.field", hasItem("steps[0].params.url"));

        worker.runPending();
        assertEquals(0, other.requests(), "the other listener was never called: " + other.received());
        assertEquals(0, service.requests());
    }

    @Test
    void aStoredStepWhosePathWouldLeaveTheBaseFailsWithoutARequest() throws Exception {
        // As a plan stored before validation was what it is now, or a target whose base an admin changed, would.
        LocalHttpServer service = serve(new Answer(200, "UP"));
        ResolvedTarget target = new ResolvedTarget("smoke-target", TargetKind.HTTP, new HttpTarget(service.url("/app")));
        for (String path : List.of("//127.0.0.1:" + other.port() + "/x", "/../x", "/%2e%2e/x", "/%2F/x")) {
            StepContext context = new StepContext(new HttpCheckParams(path, "GET", 200, null, 0), target, Map.of(),
                    OffsetDateTime.now(ZoneOffset.UTC), Duration.ofMinutes(1), 1, null);

            StepFailure failure = assertThrows(StepFailure.class, () -> action.apply(context), path);

            assertTrue(failure.getMessage().contains("target 'smoke-target'"), failure.getMessage());
        }
        assertEquals(0, other.requests());
        assertEquals(0, service.requests());
    }

    @Test
    void aRedirectWithinTheBaseUrlIsFollowed() throws Exception {
        LocalHttpServer service = serve(Answer.redirect(302, "/app/ready"), new Answer(200, "ready: UP"));
        String target = TestTargets.http(service.url("/app"));

        run(check(target, "path", "/health", "bodyContains", "UP")).body("status", equalTo("SUCCEEDED"));

        assertEquals(List.of("/app/health", "/app/ready"),
                service.received().stream().map(LocalHttpServer.Request::pathAndQuery).toList());
    }

    @Test
    void aRedirectToAnotherListenerFailsTheStepWithoutFollowingIt() throws Exception {
        LocalHttpServer service = serve(Answer.redirect(302, other.url("/app/health")));
        String target = TestTargets.http(service.url("/app"));

        ValidatableResponse done = run(check(target, "path", "/health", "retries", 3));

        done.body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("was redirected outside target '" + target + "' (HTTP 302 to "
                        + "http://127.0.0.1:" + other.port() + ")"))
                .body("steps[0].attempts", equalTo(1))
                .body(not(containsString(OTHER_BODY)))
                .body(not(containsString("redirect body")))
                .body(not(containsString(other.url("/app/health"))));
        assertEquals(0, other.requests(), "the other listener received nothing: " + other.received());
        assertEquals(1, service.requests(), "a redirect out is not retried");
    }

    @Test
    void aRedirectToTheIpv6LoopbackFailsTheStepWithoutFollowingIt() throws Exception {
        InetAddress ipv6 = LocalHttpServer.ipv6Loopback();
        assumeTrue(ipv6 != null, "this machine has no IPv6 loopback");
        LocalHttpServer other6 = serve(ipv6, new Answer(200, OTHER_BODY));
        LocalHttpServer service = serve(Answer.redirect(307, other6.url("/app/health")));
        String target = TestTargets.http(service.url("/app"));

        run(check(target, "path", "/health")).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("(HTTP 307 to http://[::1]:" + other6.port() + ")"))
                .body(not(containsString(OTHER_BODY)));

        assertEquals(0, other6.requests(), "the IPv6 listener received nothing: " + other6.received());
        assertEquals(0, other.requests());
    }

    @Test
    void aRedirectOnTheSameServerButOutsideTheBasePathIsNotFollowed() throws Exception {
        LocalHttpServer service = serve(Answer.redirect(301, "/admin/export"), new Answer(200, OTHER_BODY));
        String target = TestTargets.http(service.url("/app"));

        run(check(target, "path", "/health")).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("outside the base path"))
                .body(not(containsString(OTHER_BODY)));

        assertEquals(1, service.requests(), "/admin/export was not asked for: " + service.received());
    }

    @Test
    void aRedirectWhoseStatusIsTheExpectedOneIsTheAnswer() throws Exception {
        LocalHttpServer service = serve(Answer.redirect(302, other.url("/login")));
        String target = TestTargets.http(service.url("/app"));

        run(check(target, "path", "/", "expectStatus", 302)).body("status", equalTo("SUCCEEDED"));

        assertEquals(0, other.requests());
    }

    @Test
    void endlessRedirectsWithinTheBaseStopAfterFive() throws Exception {
        LocalHttpServer service = serve(Answer.redirect(302, "/app/again"));
        String target = TestTargets.http(service.url("/app"));

        run(check(target, "path", "/health")).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("more than 5 redirects"));

        assertEquals(6, service.requests());
    }

    @Test
    void aBodyQuotedInAnErrorIsAShortPrintableSnippet() throws Exception {
        String body = "\u001b[31mdatabase down\u001b[0m\r\n" + "x".repeat(10_000);
        LocalHttpServer service = serve(new Answer(503, body));
        String target = TestTargets.http(service.url("/app"));

        String error = run(check(target, "path", "/health")).body("status", equalTo("FAILED"))
                .extract().path("steps[0].error");

        assertTrue(error.contains("expected status 200, got 503: [31mdatabase down [0m xxx"), error);
        assertFalse(error.chars().anyMatch(Character::isISOControl), "no control characters: " + error);
        assertFalse(error.contains("x".repeat(101)), "at most a hundred characters of the body: " + error);
    }

    @Test
    void aCheckThatChangesSomethingSendsOneIdempotencyKeyOnEveryAttemptAndAfterATakeover() throws Exception {
        LocalHttpServer service = serve(new Answer(503, "warming up"), new Answer(503, "warming up"), new Answer(200, "UP"));
        String target = TestTargets.http(service.url("/app"));
        String id = start(inline(TestPlans.newName("svc"), List.of(
                TestPlans.step("warm up", StepKind.VERIFY_HTTP.id(), target,
                        Map.of("path", "/orders/warmup", "method", "POST", "retries", 5)),
                TestPlans.step("warm up again", StepKind.VERIFY_HTTP.id(), target,
                        Map.of("path", "/orders/warmup", "method", "PUT")),
                check(target, "path", "/health")))).statusCode(202).extract().path("id");

        // The first attempt gets a 503 and waits to try again; then its worker dies and another takes the step over.
        TestExecutions.runUntilOutput(worker, id, "attempt 1 of 6");
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE executor.execution_steps SET claimed_by = 'dead', lease_until = now() - interval '1 second',"
                        + " next_attempt_at = NULL WHERE execution_id = ? AND position = 0")) {
            s.setObject(1, UUID.fromString(id));
            assertEquals(1, s.executeUpdate());
        }
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED")).body("steps[0].attempts", equalTo(3));

        List<LocalHttpServer.Request> received = service.received();
        assertEquals(List.of("POST", "POST", "POST", "PUT", "GET"),
                received.stream().map(LocalHttpServer.Request::method).toList());
        String key = "rewind-executor:" + id + ":0:http";
        assertEquals(List.of(key, key, key), received.subList(0, 3).stream().map(r -> r.header("Idempotency-Key")).toList(),
                "the same key on every attempt of the step, whichever worker sent it");
        assertEquals("rewind-executor:" + id + ":1:http", received.get(3).header("Idempotency-Key"), "another step, another key");
        assertEquals(null, received.get(4).header("Idempotency-Key"), "a GET only reads: no key");
    }

    @Test
    void aResumedAttemptSendsTheKeyOfTheFirstAndAnotherExecutionAnother() throws Exception {
        LocalHttpServer service = serve(new Answer(200, "ok"));
        ResolvedTarget target = new ResolvedTarget("warmup", TargetKind.HTTP, new HttpTarget(service.url("/app")));
        HttpCheckParams post = new HttpCheckParams("/warmup", "POST", 200, null, 0);
        UUID execution = UUID.randomUUID();
        OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC);
        for (int attempt : new int[] { 1, 4 }) {
            action.apply(new StepContext(post, target, Map.of(), started, Duration.ofMinutes(1), attempt,
                    new StepContext.ExecutionInfo(execution, 2, "svc", null, null, null)));
        }
        action.apply(new StepContext(post, target, Map.of(), started, Duration.ofMinutes(1), 1,
                new StepContext.ExecutionInfo(UUID.randomUUID(), 2, "svc", null, null, null)));
        for (String method : List.of("HEAD", "OPTIONS", "DELETE")) {
            action.apply(new StepContext(new HttpCheckParams("/warmup", method, 200, null, 0), target, Map.of(), started,
                    Duration.ofMinutes(1), 1, new StepContext.ExecutionInfo(execution, 5, "svc", null, null, null)));
        }

        List<String> keys = service.received().stream().map(r -> r.header("Idempotency-Key")).toList();
        assertEquals("rewind-executor:" + execution + ":2:http", keys.get(0));
        assertEquals(keys.get(0), keys.get(1), "a resumed attempt (the fourth) sends the first attempt's key");
        assertNotEquals(keys.get(0), keys.get(2), "another execution's step sends its own");
        assertEquals(Arrays.asList(null, null, "rewind-executor:" + execution + ":5:http"), keys.subList(3, 6),
                "HEAD and OPTIONS only read; DELETE changes something");
    }
}
