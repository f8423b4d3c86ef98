package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.LocalHttpServer;
import io.rewind.executor.LocalHttpServer.Answer;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.params.NginxSwitchUpstreamParams;
import io.rewind.executor.service.ExecutionWorker;
import io.rewind.executor.target.NginxTarget;
import io.rewind.executor.target.ResolvedTarget;
import io.rewind.local.LocalNginx;

/**
 * {@code nginx.switchUpstream} against a real nginx in front of two local servers, "blue" and "green", while a client
 * sends requests through it without pause: what a user of the site would see during a blue/green switch-back. The
 * nginx (binary, prefix, configuration, include file) is an {@code nginx} target an admin defined; steps give only the
 * upstream, and those that try to say more are refused without anything changing.
 */
@QuarkusTest
class NginxSwitchUpstreamTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int SETTLED = 20;

    @Inject
    ExecutionWorker worker;

    @Inject
    NginxSwitchUpstreamAction action;

    private LocalHttpServer blue;
    private LocalHttpServer green;
    private LocalNginx nginx;
    private String target;

    @BeforeEach
    void startBlueGreenBehindNginx() throws Exception {
        blue = new LocalHttpServer(new Answer(200, "blue"));
        green = new LocalHttpServer(new Answer(200, "green"));
        nginx = LocalNginx.start("app", "server " + address(blue) + ";\n");
        target = TestTargets.define(TargetKind.NGINX, spec(nginx.includeFile()));
    }

    /** The target as an admin defines it for this nginx, with {@code includeFile} as its include file. */
    private Map<String, Object> spec(Path includeFile) {
        return Map.of("binary", LocalNginx.BINARY, "prefix", nginx.prefix().toString(), "config", nginx.config().toString(),
                "includeFile", includeFile.toString());
    }

    @AfterEach
    void stopEverything() throws Exception {
        TestExecutions.cancelAllActive();
        nginx.close();
        blue.close();
        green.close();
    }

    private static String address(LocalHttpServer server) {
        return server.url("").replace("http://", "");
    }

    private Map<String, Object> switchTo(String... servers) {
        return TestPlans.step("switch", StepKind.NGINX_SWITCH_UPSTREAM.id(), target, Map.of("upstream", List.of(servers)));
    }

    private String run(Map<String, Object> step) throws Exception {
        String id = start(inline(TestPlans.newName("shop"), List.of(step))).statusCode(202).extract().path("id");
        runToEnd(worker, id);
        return id;
    }

    /** Requests through nginx, one after another on fresh connections, until stopped; remembers every answer. */
    private final class Traffic implements AutoCloseable {

        final Queue<String> bodies = new ConcurrentLinkedQueue<>();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger sent = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::loop, "nginx-traffic");

        Traffic() {
            thread.start();
        }

        private void loop() {
            while (running.get()) {
                sent.incrementAndGet();
                try {
                    LocalNginx.Response response = nginx.get("/");
                    if (response.status() != 200) {
                        failures.add("status " + response.status() + ": " + response.body());
                    } else {
                        bodies.add(response.body());
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                }
            }
        }

        /** Waits until the last {@link #SETTLED} answers all say {@code body}. */
        void awaitSettledOn(String body) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                List<String> all = List.copyOf(bodies);
                if (all.size() >= SETTLED && all.subList(all.size() - SETTLED, all.size()).stream().allMatch(body::equals)) {
                    return;
                }
                Thread.sleep(20);
            }
            throw new AssertionError("nginx never settled on '" + body + "'; failures: " + failures);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(PATIENCE.toMillis());
        }
    }

    @Test
    void switchesToGreenAndBackWithoutAFailedRequest() throws Exception {
        String blueInclude = Files.readString(nginx.includeFile());
        String id;
        try (Traffic traffic = new Traffic()) {
            traffic.awaitSettledOn("blue");

            id = run(switchTo(address(green)));
            TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                    .body("steps[0].before.content", equalTo(blueInclude))
                    .body("steps[0].before.sha256", equalTo(sha256(blueInclude)))
                    .body("steps[0].after.content", containsString("server " + address(green) + ";"))
                    .body("steps[0].output", containsString("nginx -t passed and nginx reloaded"));
            traffic.awaitSettledOn("green");
            assertTrue(Files.readString(nginx.includeFile()).contains("server " + address(green) + ";"));

            // Operator asks to undo it: the recorded blue file comes back, tested and reloaded as a switch is.
            given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                    .post("/api/executions/{id}/steps/{position}/compensate", id, 0).then().statusCode(200)
                    .body("steps[0].compensation.error", nullValue());
            traffic.awaitSettledOn("blue");
            assertEquals(blueInclude, Files.readString(nginx.includeFile()), "the before-content, byte for byte");

            assertEquals(List.of(), List.copyOf(traffic.failures), "no request failed during the switches");
            assertTrue(traffic.sent.get() > 2 * SETTLED);
        }
        assertTrue(green.requests() > 0);
    }

    @Test
    void aSecondSwitchToWhatIsAlreadyThereChangesNothing() throws Exception {
        run(switchTo(address(green)));
        long modified = Files.getLastModifiedTime(nginx.includeFile()).toMillis();

        String again = run(switchTo(address(green)));

        TestExecutions.get(again).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("nothing to change"));
        assertEquals(modified, Files.getLastModifiedTime(nginx.includeFile()).toMillis());
        assertEquals("green", nginx.get("/").body());
    }

    @Test
    void aStepResumedAfterItsWorkerDiedBetweenWritingAndReloadingReloads() throws Exception {
        NginxSwitchUpstreamParams params = new NginxSwitchUpstreamParams(null, List.of(address(green)));
        ResolvedTarget resolved = new ResolvedTarget(target, TargetKind.NGINX, new NginxTarget(
                nginx.includeFile().toString(), LocalNginx.BINARY, nginx.prefix().toString(), nginx.config().toString()));
        StepContext context = new StepContext(params, resolved, null, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC),
                Duration.ofMinutes(1), 1, null);
        context = context.withBefore(action.snapshot(context));
        // What the dead worker left: the new file written, nginx never told.
        Files.writeString(nginx.includeFile(), NginxSwitchUpstreamAction.contentFor(params));
        assertEquals("blue", nginx.get("/").body());

        Outcome outcome = action.apply(context);

        assertTrue(outcome instanceof Outcome.Done done && done.output().contains("already rewritten by an earlier attempt"),
                () -> "" + outcome);
        try (Traffic traffic = new Traffic()) {
            traffic.awaitSettledOn("green");
        }
    }

    @Test
    void anUpstreamNginxRejectsLeavesTheOldFileInPlaceAndFailsTheStep() throws Exception {
        byte[] before = Files.readAllBytes(nginx.includeFile());

        // The validator accepts the shape; only nginx knows 99999 is not a port.
        String id = run(switchTo("127.0.0.1:99999"));

        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].status", equalTo("FAILED"))
                .body("steps[0].error", containsString("nginx -t rejected"))
                .body("steps[0].error", containsString("so the old one was put back"))
                .body("steps[0].error", containsString("invalid port"));
        assertArrayEquals(before, Files.readAllBytes(nginx.includeFile()));
        try (Stream<Path> files = Files.list(nginx.includeFile().getParent())) {
            assertEquals(List.of("app-upstream.conf", "nginx.conf"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file left behind");
        }
        assertEquals("blue", nginx.get("/").body(), "nginx still serves from blue");
    }

    @Test
    void aDryRunSaysWhatItWouldWriteAndChangesNothing() throws Exception {
        byte[] before = Files.readAllBytes(nginx.includeFile());
        String id = start(TestExecutions.dryRun(inline(TestPlans.newName("shop"), List.of(switchTo(address(green))))))
                .statusCode(202).extract().path("id");

        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("would rewrite " + nginx.includeFile()))
                .body("steps[0].output", containsString("server " + address(green) + ";"))
                .body("steps[0].after.content", containsString(address(green)));
        assertArrayEquals(before, Files.readAllBytes(nginx.includeFile()));
        assertEquals("blue", nginx.get("/").body());
    }

    @Test
    void stepsThatNameABinaryAConfigurationOrAFileAreRefusedAndNothingChanges() throws Exception {
        Path decoy = nginx.prefix().resolve("decoy.conf");
        Files.writeString(decoy, "# an admin's file that no step may rewrite\n");
        byte[] include = Files.readAllBytes(nginx.includeFile());
        byte[] config = Files.readAllBytes(nginx.config());
        long modified = Files.getLastModifiedTime(nginx.includeFile()).toMillis();
        Map<String, Object> hostile = Map.of(
                "nginxBinary", "/bin/touch",
                "binary", "/bin/touch",
                "includeFile", decoy.toString(),
                "config", decoy.toString(),
                "prefix", "/");
        for (Map.Entry<String, Object> extra : hostile.entrySet()) {
            Map<String, Object> step = TestPlans.step("switch", StepKind.NGINX_SWITCH_UPSTREAM.id(), target,
                    Map.of("upstream", List.of(address(green)), extra.getKey(), extra.getValue()));
            String service = TestPlans.newName("shop");

            start(inline(service, List.of(step))).statusCode(400)
                    .body("errors.field", org.hamcrest.Matchers.hasItem("steps[0].params." + extra.getKey()))
                    .body("errors.message", org.hamcrest.Matchers.hasItem(
                            containsString("is not a parameter of nginx.switchUpstream")));

            assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", service),
                    "no execution stored for " + extra.getKey());
        }
        worker.runPending();
        assertArrayEquals(include, Files.readAllBytes(nginx.includeFile()), "the include file is as it was");
        assertEquals(modified, Files.getLastModifiedTime(nginx.includeFile()).toMillis());
        assertArrayEquals(config, Files.readAllBytes(nginx.config()));
        assertEquals("# an admin's file that no step may rewrite\n", Files.readString(decoy));
        assertEquals("blue", nginx.get("/").body(), "nginx still serves from blue");
        assertEquals(0, green.requests());
    }

    @Test
    void anAdminsSymbolicLinkIsFollowedToItsFileAndStaysALink() throws Exception {
        // An admin keeps the real file elsewhere and points the configured name at it, as Debian's sites-enabled does.
        Path real = nginx.prefix().resolve("conf/real-upstream.conf");
        Files.move(nginx.includeFile(), real);
        Files.createSymbolicLink(nginx.includeFile(), real);

        String id = run(switchTo(address(green)));

        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"));
        assertTrue(Files.isSymbolicLink(nginx.includeFile()), "the link is still a link");
        assertEquals(real, Files.readSymbolicLink(nginx.includeFile()));
        assertTrue(Files.readString(real).contains("server " + address(green) + ";"), "the file it points to was switched");
        assertEquals("green", servingAfterReload("green"), "nginx serves from the switched file");
    }

    /** What nginx answers once its reload is through: old workers finish their connections before new ones take over. */
    private String servingAfterReload(String expected) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String body = nginx.get("/").body();
        while (!body.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            body = nginx.get("/").body();
        }
        return body;
    }

    @Test
    void compensationAfterAnAdminRepointedTheTargetWritesNothingIntoTheOtherFile() throws Exception {
        String id = run(switchTo(address(green)));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"));
        Path other = nginx.prefix().resolve("conf/other-upstream.conf");
        Files.writeString(other, "server 127.0.0.1:1;\n");
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("kind", "nginx", "spec", spec(other))).put("/api/targets/{name}", target)
                .then().statusCode(org.hamcrest.Matchers.either(equalTo(200)).or(equalTo(201)));

        given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/executions/{id}/steps/{position}/compensate", id, 0).then().statusCode(200)
                .body("steps[0].compensation.error", containsString("points elsewhere now than when this step recorded its state"));

        assertEquals("server 127.0.0.1:1;\n", Files.readString(other), "the other file is untouched");
        assertTrue(Files.readString(nginx.includeFile()).contains("server " + address(green) + ";"));
        assertEquals("green", servingAfterReload("green"));
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
