package io.rewind.executor.action;

import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.local.LocalPodman;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;

/**
 * Attacks on a {@code docker} target through its steps, with a real engine running the allowed service's container and
 * another container the target does not name: even an admin's inline step cannot choose the socket, a host, an image
 * of another repository, a digest, a container or Compose service outside the allow-list, or a tag outside the
 * target's pattern. Each is refused with a 400 naming the field, no execution is stored, and both containers (ids,
 * states, images) and the set of containers are as they were.
 */
@QuarkusTest
class DockerTrustBoundaryTest {

    private static LocalPodman podman;
    private static String project;
    private static String target;

    @BeforeAll
    static void deploy() throws Exception {
        podman = LocalPodman.under(Path.of("target"));
        podman.image("v1", true);
        podman.image("v2", true);
        project = TestPlans.newName("shop");
        podman.run("run", "--detach", "--name", project + "-web-1", "--label", "com.docker.compose.project=" + project,
                "--label", "com.docker.compose.service=web", LocalPodman.REPOSITORY + ":v2");
        podman.run("run", "--detach", "--name", "admin-db", "--label", "com.docker.compose.project=infra", "--label",
                "com.docker.compose.service=db", LocalPodman.REPOSITORY + ":v2");
    }

    /** Defined once, by the first test: REST Assured points at the application only once it runs. */
    @BeforeEach
    void defineTarget() {
        if (target == null) {
            target = TestTargets.define(TargetKind.DOCKER, Map.of("socket", podman.socket().toString(), "services",
                    List.of(project + "/web"), "allowedTags", "v*"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        podman.close();
    }

    static Stream<Arguments> whereAndWithWhat() {
        return Stream.of(
                Arguments.of("socket", "/var/run/docker.sock"),
                Arguments.of("host", "tcp://10.0.0.1:2375"),
                Arguments.of("url", "http://127.0.0.1:2375"),
                Arguments.of("image", "registry.example.com/evil/miner:latest"),
                Arguments.of("tag", "v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
                Arguments.of("tag", "evil/miner:latest"),
                Arguments.of("tag", "release-1"),
                Arguments.of("tag", "-v1"),
                Arguments.of("container", "admin-db"),
                Arguments.of("container", "../admin-db"),
                Arguments.of("env", Map.of("LD_PRELOAD", "/tmp/evil.so")),
                Arguments.of("hostConfig", Map.of("Privileged", true, "Binds", List.of("/:/host"))),
                Arguments.of("command", List.of("/bin/sh", "-c", "id")));
    }

    /** Every container on the engine with its id, state and image. */
    private static String engineState() throws Exception {
        return podman.run("ps", "--all", "--no-trunc", "--format", "{{.Names}} {{.ID}} {{.Image}} {{.StartedAt}} {{.Exited}}");
    }

    private static void assertRefused(Map<String, Object> params, String field, String message) throws Exception {
        String before = engineState();
        String execution = TestPlans.newName("shop");
        Map<String, Object> step = TestPlans.step("attack", StepKind.DOCKER_REDEPLOY.id(), target, params);
        assertProblem(start(inline(execution, List.of(step))), 400, "validation")
                .body("errors.field", hasItem("steps[0].params." + field))
                .body("errors.find { it.field == 'steps[0].params." + field + "' }.message", containsString(message));
        assertProblem(start(TestExecutions.dryRun(inline(execution, List.of(step)))), 400, "validation");
        assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", execution),
                "no execution was stored");
        assertEquals(before, engineState(), "no container was created, stopped, renamed or removed");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("whereAndWithWhat")
    void evenAnAdminsStepCannotChooseTheEngineAnImageOrAContainer(String key, Object value) throws Exception {
        Map<String, Object> params = key.equals("container") ? Map.of(key, value)
                : Map.of("project", project, "service", "web", key, value);
        assertRefused(params, key, "");
    }

    @Test
    void aComposeServiceOutsideTheAllowListIsRefusedSayingWhichAreAllowed() throws Exception {
        assertRefused(Map.of("project", "infra", "service", "db"), "service",
                "is not a Compose service this target allows (it allows " + project + "/web)");
        assertRefused(Map.of("container", "admin-db"), "container", "is not a container this target allows (it allows none)");
        assertRefused(Map.of("project", project, "service", "web", "tag", "release-1"), "tag",
                "is not a tag this target allows (it allows tags matching 'v*')");
    }
}
