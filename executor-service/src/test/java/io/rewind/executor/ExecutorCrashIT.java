package io.rewind.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.LocalHttpServer.Answer;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) as a real process, with its scheduled worker on,
 * against the tests' PostgreSQL and a fabric8 mock API server in CRUD mode: it is killed with SIGKILL between two steps
 * of an execution, started again, and the execution completes with every step applied exactly once: one scale, one
 * smoke request before the kill, one env patch and one smoke request after it, nothing repeated.
 */
class ExecutorCrashIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEPLOYMENT_PATH = "/apis/apps/v1/namespaces/%s/deployments/orders-api";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();
    private KubernetesMockServer kubernetes;
    private KubernetesClient cluster;
    private LocalHttpServer before;
    private LocalHttpServer after;
    private int port;
    private int run;

    @BeforeEach
    void peers() throws IOException {
        kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()), false);
        kubernetes.init(InetAddress.getLoopbackAddress(), 0);
        cluster = kubernetes.createClient();
        before = new LocalHttpServer(new Answer(200, "UP"));
        after = new LocalHttpServer(new Answer(200, "UP"));
        PostgresResource.server();
    }

    @AfterEach
    void stop() {
        // Only the processes this test started, by their handle.
        started.forEach(Process::destroyForcibly);
        before.close();
        after.close();
        cluster.close();
        kubernetes.destroy();
    }

    @Test
    void killedBetweenTwoStepsItResumesAndAppliesEveryStepExactlyOnce() throws Exception {
        assertTrue(Files.isRegularFile(executable()), "package the service first: " + executable().toAbsolutePath());
        String ns = TestDeployments.namespace();
        new TestDeployments(cluster).deployment(ns, "orders-api", "shop/orders:2.1.0", 3, false);
        port = freePort();

        Process first = start();
        String id = startExecution(ns);
        JsonNode atKill = await(id, e -> step(e, 1).path("status").asText().equals("SUCCEEDED")
                && step(e, 2).path("status").asText().equals("RUNNING")
                && step(e, 2).path("output").asText().startsWith("waiting until"));
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertTrue(!first.isAlive(), "killed");

        // What the killed process had done, and not done.
        assertEquals("PENDING", step(atKill, 3).path("status").asText());
        assertEquals(1, before.requests());
        assertEquals(0, after.requests());
        assertEquals(0, deployment(ns).getSpec().getReplicas());
        assertEquals(List.of(new EnvVar("LOG_LEVEL", "info", null)), env(ns));

        start();
        JsonNode done = await(id, e -> !e.path("status").asText().equals("RUNNING")
                && !e.path("status").asText().equals("PENDING"));
        assertEquals("SUCCEEDED", done.path("status").asText(), done.toPrettyString());
        assertEquals(1, before.requests(), "the smoke test before the kill was not repeated");
        assertEquals(1, after.requests(), "the smoke test after the kill ran once");
        assertEquals(0, deployment(ns).getSpec().getReplicas());
        assertEquals(List.of(new EnvVar("LOG_LEVEL", "info", null), new EnvVar("NEW_CHECKOUT_ENABLED", "false", null)),
                env(ns));
        for (int position : new int[] { 0, 1, 3, 4 }) {
            assertEquals(1, step(done, position).path("attempts").asInt(), "step " + position + " ran once: " + done);
        }
        assertTrue(step(done, 2).path("attempts").asInt() >= 2, "the wait was resumed by the second process");
        assertEquals(2, patches(String.format(DEPLOYMENT_PATH, ns)), "one patch for the scale, one for the env");
        // The POSTs carry keys derived from the execution and the step, whichever process sent them: a receiver could
        // tell a repeat after a kill from a new request.
        assertEquals("rewind-executor:" + id + ":1:http", before.received().get(0).header("Idempotency-Key"));
        assertEquals("rewind-executor:" + id + ":4:http", after.received().get(0).header("Idempotency-Key"));
    }

    /** Defines a target on the packaged service as an admin would, and returns its name. */
    private String define(TargetKind kind, Map<String, Object> spec) throws Exception {
        String name = TestPlans.newName(kind.id());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/targets/" + name))
                .header("Authorization", TestKeys.bearer(Role.ADMIN)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("kind", kind.id(), "spec", spec))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        return name;
    }

    private String startExecution(String ns) throws Exception {
        String cluster = define(TargetKind.KUBERNETES, Map.of("namespaces", List.of(ns)));
        String beforeSite = define(TargetKind.HTTP, Map.of("baseUrl", before.url("")));
        String afterSite = define(TargetKind.HTTP, Map.of("baseUrl", after.url("")));
        List<Map<String, Object>> steps = List.of(
                TestPlans.step("maintenance", StepKind.KUBERNETES_SCALE.id(), cluster,
                        Map.of("deployment", "orders-api", "replicas", 0)),
                TestPlans.step("smoke before", StepKind.VERIFY_HTTP.id(), beforeSite, Map.of("path", "/health", "method", "POST")),
                TestPlans.step("settle", StepKind.WAIT.id(), Map.of("duration", "PT8S")),
                TestPlans.step("flag off", StepKind.KUBERNETES_SET_ENV.id(), cluster,
                        Map.of("deployment", "orders-api", "name", "NEW_CHECKOUT_ENABLED", "value", "false")),
                TestPlans.step("smoke after", StepKind.VERIFY_HTTP.id(), afterSite, Map.of("path", "/health", "method", "POST")));
        // Inline steps are an admin's break glass; this test is about resuming, not about who may start.
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/executions"))
                .header("Authorization", TestKeys.bearer(Role.ADMIN)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("target", TestPlans.newName("orders"), "steps", steps))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).path("id").asText();
    }

    /** Starts the packaged service and waits until it is ready. */
    private Process start() throws Exception {
        run++;
        List<String> command = new ArrayList<>();
        if (isNative()) {
            command.add(executable().toAbsolutePath().toString());
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
        }
        command.addAll(List.of(
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:" + PostgresResource.port() + "/"
                        + PostgresResource.DATABASE,
                "-Dquarkus.datasource.jdbc.url=" + PostgresResource.jdbcUrl(),
                "-Dquarkus.datasource.username=" + PostgresResource.USER,
                "-Dquarkus.datasource.password=" + PostgresResource.USER,
                "-Drewind.security.api-keys=" + TestKeys.apiKeysConfig(),
                "-Dquarkus.kubernetes-client.api-server-url=" + kubernetes.url("/"),
                "-Dquarkus.kubernetes-client.trust-certs=true",
                "-Drewind.executor.worker.enabled=true",
                "-Drewind.executor.worker.interval=0.2s"));
        if (!isNative()) {
            command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        }
        File log = Path.of("target", "executor-crash-it-" + run + ".log").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log)).start();
        started.add(process);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service was not ready within " + PATIENCE + "; see " + log);
    }

    /** With -Dnative the build makes an executable instead of the jar; the crash test runs whichever was built. */
    private static boolean isNative() {
        return "true".equals(System.getProperty("rewind.crash-test.native"));
    }

    private static Path executable() {
        return isNative() ? Path.of(System.getProperty("native.image.path", "target/none")) : JAR;
    }

    private JsonNode await(String id, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/executions/" + id))
                    .header("Authorization", TestKeys.bearer(Role.VIEWER)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            last = JSON.readTree(response.body());
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + id + " never got there; last: " + last);
    }

    private static JsonNode step(JsonNode execution, int position) {
        return execution.path("steps").path(position);
    }

    private Deployment deployment(String ns) {
        return cluster.apps().deployments().inNamespace(ns).withName("orders-api").get();
    }

    private List<EnvVar> env(String ns) {
        return deployment(ns).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    }

    /** PATCH requests the mock API server received for {@code path}, from every process. */
    private int patches(String path) throws InterruptedException {
        int patches = 0;
        for (RecordedRequest request = kubernetes.takeRequest(1, TimeUnit.SECONDS); request != null;
                request = kubernetes.takeRequest(1, TimeUnit.SECONDS)) {
            if (request.getMethod().equals("PATCH") && request.getPath().startsWith(path)) {
                patches++;
            }
        }
        return patches;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
