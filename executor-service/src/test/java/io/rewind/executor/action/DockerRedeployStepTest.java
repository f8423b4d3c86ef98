package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.local.LocalPodman;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.params.DockerRedeployParams;
import io.rewind.executor.params.ParamReader;
import io.rewind.executor.service.ExecutionWorker;
import io.rewind.executor.target.ResolvedTarget;

/**
 * {@code docker.redeploy} against a real container engine (podman's Docker-compatible API) running a Compose service's
 * container from {@code localhost/shop:v2}, published on a local port, with an environment, a volume, a restart policy
 * and a healthcheck: the runbook's "go back to the previous tag" as a user of the service notices it (the page answers
 * v1, still greeting with the container's environment), with dry run, compensation, a broken image refused with the old
 * container running again, and a step resumed after its worker died.
 */
@QuarkusTest
class DockerRedeployStepTest {

    private static final String REPO = LocalPodman.REPOSITORY;
    /** An image whose healthcheck fails; first in version order, so "previous" never picks it. */
    private static final String BROKEN = "v0-broken";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static LocalPodman podman;

    @Inject
    ExecutionWorker worker;

    @Inject
    DockerRedeployAction action;

    private String project;
    private String name;
    private int port;

    @BeforeAll
    static void startEngine() throws Exception {
        podman = LocalPodman.under(Path.of("target"));
        podman.image("v1", true);
        podman.image("v2", true);
        podman.image("v10", true);
        podman.image(BROKEN, false);
    }

    @AfterAll
    static void stopEngine() throws Exception {
        podman.close();
    }

    /** What a {@code docker-compose up -d} of service web in a fresh project would have started, at {@code tag}. */
    private void deploy(String tag) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        podman.run("run", "--detach", "--name", name, "--label", "com.docker.compose.project=" + project, "--label",
                "com.docker.compose.service=web", "--network", project + "_default", "--network-alias", "web", "--env", "GREETING=hello", "--publish", "127.0.0.1:" + port + ":80",
                "--volume", project + "-data:/data", "--restart", "unless-stopped", "--health-cmd",
                "wget -q -O /dev/null http://127.0.0.1/health", "--health-interval", "1s", "--health-retries", "1",
                REPO + ":" + tag);
        assertEquals(tag + " hello", awaitAnswer(tag + " hello"));
        // Podman without systemd runs a healthcheck only when asked; Docker would have run it by now.
        podman.run("healthcheck", "run", name);
    }

    @BeforeEach
    void deployV2() throws Exception {
        project = TestPlans.newName("shop");
        name = project + "-web-1";
        podman.run("network", "create", project + "_default");
        deploy("v2");
    }

    @AfterEach
    void cleanUp() throws Exception {
        TestExecutions.cancelAllActive();
        for (String container : podman.names()) {
            if (container.startsWith(project)) {
                podman.run("rm", "--force", "--time", "0", container);
            }
        }
        podman.run("network", "rm", "--force", project + "_default");
    }

    private String target(Object... changes) {
        return io.rewind.executor.TestTargets.define(TargetKind.DOCKER, TestPlans.with(spec(), changes));
    }

    private Map<String, Object> spec() {
        return Map.of("socket", podman.socket().toString(), "services", List.of(project + "/web"), "containers",
                List.of(name, "ghost"), "allowedTags", "v*", "stopTimeoutSeconds", 1, "healthTimeoutSeconds", 30,
                "stableSeconds", 1);
    }

    private static Map<String, Object> redeploy(String target, Map<String, Object> params) {
        return TestPlans.step("redeploy", StepKind.DOCKER_REDEPLOY.id(), target, params);
    }

    private Map<String, Object> service(Object... more) {
        return TestPlans.with(Map.of("project", project, "service", "web"), more);
    }

    private String run(Map<String, Object> step) throws Exception {
        String id = start(inline(TestPlans.newName("shop"), List.of(step))).statusCode(202).extract().path("id");
        runToEnd(worker, id);
        return id;
    }

    private String answer() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cgi-bin/answer"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body().strip();
        } catch (Exception e) {
            return null;
        }
    }

    private String awaitAnswer(String expected) throws InterruptedException {
        String last = null;
        for (int i = 0; i < 300 && !expected.equals(last); i++) {
            last = answer();
            if (!expected.equals(last)) {
                Thread.sleep(100);
            }
        }
        return last;
    }

    private String id() throws Exception {
        return podman.inspect(name, "{{.Id}}");
    }

    @Test
    void rollsBackToThePreviousTagKeepingTheConfigurationAndCompensationGoesForwardAgain() throws Exception {
        String target = target();
        String v2Container = id();
        List<String> containers = podman.names();

        String dry = start(TestExecutions.dryRun(inline(TestPlans.newName("shop"), List.of(redeploy(target, service())))))
                .statusCode(202).extract().path("id");
        runToEnd(worker, dry).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.image", equalTo(REPO + ":v2"))
                .body("steps[0].before.containerId", equalTo(v2Container))
                .body("steps[0].before.health", equalTo("healthy"))
                .body("steps[0].after.image", equalTo(REPO + ":v1"))
                .body("steps[0].after.kept.ports", equalTo(List.of("80/tcp")))
                .body("steps[0].after.kept.mounts", equalTo(List.of("/data")))
                .body("steps[0].output", containsString("would create a copy of container " + name + " from " + REPO + ":v1"));
        assertEquals(v2Container, id());
        assertEquals(containers, podman.names());
        assertEquals("v2 hello", answer());

        String id = run(redeploy(target, service()));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.containerId", equalTo(v2Container))
                .body("steps[0].before.image", equalTo(REPO + ":v2"))
                .body("steps[0].before.toImage", equalTo(REPO + ":v1"))
                .body("steps[0].after.container", equalTo(name))
                .body("steps[0].after.image", equalTo(REPO + ":v1"))
                .body("steps[0].after.health", equalTo("healthy"))
                .body("steps[0].after.replacedImage", equalTo(REPO + ":v2"))
                .body("steps[0].after.replacedContainer", equalTo(v2Container))
                .body("steps[0].output", containsString("replaced container " + name));
        // The image changed; the container's own environment, port, volume, labels and restart policy did not.
        assertEquals("v1 hello", awaitAnswer("v1 hello"));
        String v1Container = id();
        assertNotEquals(v2Container, v1Container);
        assertEquals(containers, podman.names(), "the old container was removed, nothing was left aside");
        assertEquals(project, podman.inspect(name, "{{index .Config.Labels \"com.docker.compose.project\"}}"));
        assertEquals("unless-stopped", podman.inspect(name, "{{.HostConfig.RestartPolicy.Name}}"));
        assertTrue(podman.inspect(name, "{{range .Mounts}}{{.Name}}:{{.Destination}} {{end}}").contains(project
                + "-data:/data"));
        assertEquals("healthy", podman.inspect(name, "{{.State.Health.Status}}"));
        assertTrue(podman.inspect(name, "{{json .NetworkSettings.Networks}}").matches(
                "(?s).*\"" + project + "_default\".*\"Aliases\":\\[[^]]*\"web\".*"), "still on the project's network as web");

        given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/executions/{id}/steps/{position}/compensate", id, 0).then().statusCode(200);
        assertEquals("v2 hello", awaitAnswer("v2 hello"));
        assertEquals(REPO + ":v1", podman.inspect(name, "{{index .Config.Labels \"io.rewind.replaced-image\"}}"));
        assertEquals(v1Container, podman.inspect(name, "{{index .Config.Labels \"io.rewind.replaced-container\"}}"));
        assertEquals(containers, podman.names());
    }

    @Test
    void previousIsInVersionOrderOrTheImageRewindReplacedAndANamedTagIsTaken() throws Exception {
        podman.run("rm", "--force", "--time", "0", name);
        deploy("v10");
        String target = target();
        // v10 follows v2 in version order (not in text order), so "previous" of v10 is v2.
        TestExecutions.get(run(redeploy(target, Map.of("container", name)))).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].after.image", equalTo(REPO + ":v2"));
        assertEquals("v2 hello", awaitAnswer("v2 hello"));
        // The container Rewind made says what it replaced: "previous" goes back to it, as kubectl rollout undo does.
        TestExecutions.get(run(redeploy(target, Map.of("container", name)))).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].after.image", equalTo(REPO + ":v10"));
        assertEquals("v10 hello", awaitAnswer("v10 hello"));
        TestExecutions.get(run(redeploy(target, Map.of("container", name, "tag", "v1")))).body("status",
                equalTo("SUCCEEDED")).body("steps[0].after.image", equalTo(REPO + ":v1"));
        assertEquals("v1 hello", awaitAnswer("v1 hello"));
    }

    @Test
    void aNewContainerThatTurnsUnhealthyIsRemovedAndTheOldOneRunsAgain() throws Exception {
        String before = id();
        List<String> containers = podman.names();
        String id = run(redeploy(target(), service("tag", BROKEN)));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("the new container " + name + " (" + REPO + ":" + BROKEN + ") is unhealthy"))
                .body("steps[0].error", containsString("it was removed and the old one (" + before.substring(0, 12)
                        + ", " + REPO + ":v2) was started again under its name"));
        assertEquals(before, id());
        assertEquals("running", podman.inspect(name, "{{.State.Status}}"));
        assertEquals(containers, podman.names());
        assertEquals("v2 hello", awaitAnswer("v2 hello"));
    }

    @Test
    void refusalsNameWhatIsMissingAndChangeNothing() throws Exception {
        String before = id();
        List<String> containers = podman.names();
        String target = target();
        TestExecutions.get(run(redeploy(target, Map.of("container", "ghost")))).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("Error from server (NotFound): container \"ghost\" not found"));
        TestExecutions.get(run(redeploy(target, service("tag", "v9")))).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("image " + REPO + ":v9 not found on the engine (tags matching "
                        + "'v*' of " + REPO + " there: v0-broken, v1, v2, v10)"));
        TestExecutions.get(run(redeploy(target("allowedTags", "v2*"), service()))).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("v2 is the oldest of the tags matching 'v2*'"));
        podman.run("stop", "--time", "0", name);
        podman.run("rename", name, name + "-moved");
        TestExecutions.get(run(redeploy(target, Map.of("container", name)))).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("container \"" + name + "\" not found"));
        podman.run("rename", name + "-moved", name);
        podman.run("start", name);
        assertEquals(before, id());
        assertEquals(containers, podman.names());
        assertEquals("v2 hello", awaitAnswer("v2 hello"));
    }

    @Test
    void aStepResumedAfterItsWorkerDiedChangesNothingTwice() throws Exception {
        String target = target();
        ResolvedTarget resolved = new ResolvedTarget(target, TargetKind.DOCKER,
                TargetKind.DOCKER.read(ParamReader.lenient(spec())));
        StepContext context = new StepContext(new DockerRedeployParams(null, project, "web", "previous"), resolved, null,
                OffsetDateTime.now(ZoneOffset.UTC), Duration.ofMinutes(5), 1, null);
        context = context.withBefore(action.snapshot(context));
        String old = id();
        // What the dead worker left: the old container stopped and renamed aside, no new one yet.
        podman.run("stop", "--time", "1", name);
        podman.run("rename", name, name + "-rewind-old-" + old.substring(0, 12));

        Outcome resumed = action.apply(context);

        assertTrue(resumed instanceof Outcome.Done done && done.output().contains("already stopped the old one"),
                () -> "" + resumed);
        assertEquals("v1 hello", awaitAnswer("v1 hello"));
        String created = id();
        String startedAt = podman.inspect(name, "{{.State.StartedAt}}");
        assertEquals(List.of(name), podman.names().stream().filter(n -> n.startsWith(project)).toList());

        // Resumed once more after it had finished: it finds its container in place and creates, stops, starts nothing.
        Outcome again = action.apply(context.withBefore(context.before()));
        assertTrue(again instanceof Outcome.Done done && done.output().contains("already put it in place"), () -> "" + again);
        assertEquals(created, id());
        assertEquals(startedAt, podman.inspect(name, "{{.State.StartedAt}}"));
        assertEquals(List.of(name), podman.names().stream().filter(n -> n.startsWith(project)).toList());
    }

    @Test
    void theTargetIsListedWithItsSocketAndAllowList() {
        String target = target();
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/targets/{name}", target).then()
                .statusCode(200).body("kind", equalTo("docker"))
                .body("spec.socket", equalTo(podman.socket().toString()))
                .body("spec.services", hasItem(project + "/web"));
    }
}
