package io.rewind.executor;

import static io.restassured.RestAssured.given;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.service.ExecutionWorker;

/** Starting executions over HTTP and running them to their end with the worker, as tests need. */
public final class TestExecutions {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private TestExecutions() {
    }

    /** An execution request for inline steps. */
    public static Map<String, Object> inline(String target, List<?> steps) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("target", target);
        body.put("steps", steps);
        return body;
    }

    public static Map<String, Object> dryRun(Map<String, Object> body) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put("dryRun", true);
        return copy;
    }

    public static ValidatableResponse start(Object body) {
        return start(body, null);
    }

    /**
     * Starts an execution as an operator would, or, for inline steps, as an admin: inline steps are the admin's
     * break-glass path, and step tests run their kinds inline.
     */
    public static ValidatableResponse start(Object body, String idempotencyKey) {
        Role role = body instanceof Map<?, ?> map && map.containsKey("steps") ? Role.ADMIN : Role.OPERATOR;
        var request = given().header("Authorization", TestKeys.bearer(role)).contentType(ContentType.JSON).body(body);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/api/executions").then();
    }

    public static ValidatableResponse get(String id) {
        return given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/executions/{id}", id).then();
    }

    /**
     * Runs the worker until the execution has ended and returns it. Steps that wait are released with a time to look
     * again, so this polls; only the end matters, never how long it took.
     */
    public static ValidatableResponse runToEnd(ExecutionWorker worker, String id) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            worker.runPending();
            String status = get(id).statusCode(200).extract().path("status");
            if (!status.equals("PENDING") && !status.equals("RUNNING")) {
                return get(id);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("execution " + id + " did not end within " + PATIENCE);
    }

    /**
     * Runs the worker until the first step's output contains {@code text}: a waiting step is looked at again only after
     * its poll interval, so this polls rather than assuming one pass is enough.
     */
    public static ValidatableResponse runUntilOutput(ExecutionWorker worker, String id, String text)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            worker.runPending();
            String output = get(id).statusCode(200).extract().path("steps[0].output");
            if (output != null && output.contains(text)) {
                return get(id);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the first step of execution " + id + " never said '" + text + "'");
    }

    /** Runs the worker until step {@code position}'s output contains {@code text}. */
    public static ValidatableResponse runUntilStep(ExecutionWorker worker, String id, int position, String text)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            worker.runPending();
            String output = get(id).statusCode(200).extract().path("steps[" + position + "].output");
            if (output != null && output.contains(text)) {
                return get(id);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("step " + position + " of execution " + id + " never said '" + text + "'");
    }

    /**
     * Runs the worker until a cancelled execution no longer holds its target: its step still running at the cancel has
     * ended (a restore followed to its end, or an acting step fenced).
     */
    public static ValidatableResponse runWhileTargetHeld(ExecutionWorker worker, String id) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            worker.runPending();
            if (!Boolean.TRUE.equals(get(id).statusCode(200).extract().path("targetHeld"))) {
                return get(id);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("execution " + id + " still held its target after " + PATIENCE);
    }

    public static ValidatableResponse cancel(String id) {
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR)).post("/api/executions/{id}/cancel", id).then();
    }

    /**
     * Ends every execution tests left active, so the next test's worker and claims see only its own steps. Test data
     * only: every target is a fresh name.
     */
    public static void cancelAllActive() throws Exception {
        try (Connection c = PostgresResource.connect(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE executor.execution_steps SET status = 'SKIPPED' WHERE status IN ('PENDING', 'RUNNING')");
            s.executeUpdate("UPDATE executor.executions SET status = 'CANCELLED', ended_at = now(), reason = 'test cleanup'"
                    + " WHERE status IN ('PENDING', 'RUNNING')");
            s.executeUpdate("UPDATE executor.executions SET target_held = false WHERE target_held");
        }
    }

    /** Rows stored under a query with one parameter, read with plain JDBC. */
    public static int count(String sql, Object parameter) throws Exception {
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Runs {@code call} on {@code count} threads released at once, and returns each one's result. */
    public static <T> List<T> concurrently(int count, Callable<T> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
