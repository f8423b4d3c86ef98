package io.rewind.executor.action;

import static io.rewind.common.testing.Problems.assertProblem;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.executor.GitApp;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;
import io.rewind.local.LocalPm2;

/**
 * Attacks on a {@code host} target through its steps, with a real PM2 running the app from a real working copy: even
 * an admin's inline step cannot choose the directory, a program, a command, the process or a tag outside the target's
 * allowed pattern. Each is refused, and HEAD, the branch, the PM2 process (pid, status, restarts) and the file system
 * are as they were.
 */
@QuarkusTest
class HostTrustBoundaryTest {

    private static LocalPm2 pm2;
    private static GitApp app;
    private static String process;
    private static String target;
    private static Path marker;

    @Inject
    ExecutionWorker worker;

    @BeforeAll
    static void deploy() throws Exception {
        pm2 = LocalPm2.under(Path.of("target"));
        app = new GitApp();
        app.install();
        process = TestPlans.newName("shop");
        pm2.start(app.server(), process);
        app.awaitAnswer("v2 2.0.0 -");
        marker = app.dir().getParent().resolve(TestPlans.newName("pwned"));
    }

    /** Defined once, by the first test: REST Assured points at the application only once it runs. */
    @BeforeEach
    void defineTarget() {
        if (target != null) {
            return;
        }
        target = TestTargets.define(TargetKind.HOST, Map.of("workingCopy", app.dir().toString(), "manager", "pm2",
                "process", process, "pm2Binary", LocalPm2.binary().toString(), "pm2Home", pm2.home().toString(),
                "install", GitApp.INSTALL, "allowedTags", "v*", "stableSeconds", 1));
    }

    @AfterAll
    static void stop() throws Exception {
        pm2.close();
    }

    static Stream<Arguments> whereAndWithWhat() {
        String touch = "touch " + "MARKER";
        return Stream.of(
                Arguments.of("workingCopy", "/etc"),
                Arguments.of("directory", "/tmp"),
                Arguments.of("gitBinary", "/bin/sh"),
                Arguments.of("pm2Binary", "/bin/sh"),
                Arguments.of("systemctlBinary", "/bin/sh"),
                Arguments.of("install", List.of("/bin/sh", "-c", touch)),
                Arguments.of("command", List.of("/bin/sh", "-c", touch)),
                Arguments.of("process", "all"),
                Arguments.of("pm2Home", "/root/.pm2"),
                Arguments.of("environment", Map.of("NODE_OPTIONS", "--require /tmp/evil.js")),
                Arguments.of("tag", "release-1"),
                Arguments.of("tag", "--upload-pack=" + touch),
                Arguments.of("tag", "v1;" + touch),
                Arguments.of("tag", "v1/../../etc"),
                Arguments.of("tag", "v1 --exec=" + touch));
    }

    private static Object withMarker(Object value) {
        return value instanceof String text ? text.replace("MARKER", marker.toString())
                : value instanceof List<?> list ? list.stream().map(HostTrustBoundaryTest::withMarker).toList() : value;
    }

    private static void assertNothingChanged(String execution, LocalPm2.Instance before) throws Exception {
        assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", execution),
                "no execution was stored");
        assertEquals(app.commitOf("v2"), app.head(), "HEAD is unchanged");
        assertEquals("main", app.branch());
        assertEquals(before, pm2.instance(process), "the pm2 process was not touched");
        assertEquals("v2 2.0.0 -", app.answer());
        assertFalse(Files.exists(marker), "no program ran");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("whereAndWithWhat")
    void evenAnAdminsStepCannotChooseADirectoryProgramCommandProcessOrTag(String key, Object value) throws Exception {
        LocalPm2.Instance before = pm2.instance(process);
        String execution = TestPlans.newName("shop");
        Map<String, Object> step = TestPlans.step("attack", StepKind.HOST_ROLLBACK.id(), target,
                Map.of(key, withMarker(value)));
        assertProblem(start(inline(execution, List.of(step))), 400, "validation")
                .body("errors.field", hasItem("steps[0].params." + key));
        assertNothingChanged(execution, before);
    }

    @Test
    void aTagOutsideThePatternIsRefusedSayingWhichTagsAreAllowed() throws Exception {
        LocalPm2.Instance before = pm2.instance(process);
        app.git("-c", "user.name=Release", "-c", "user.email=release@example.com", "tag", "-a", "hotfix-1", "-m", "x",
                "v1");
        String execution = TestPlans.newName("shop");
        Map<String, Object> step = TestPlans.step("attack", StepKind.HOST_ROLLBACK.id(), target, Map.of("tag", "hotfix-1"));
        assertProblem(start(inline(execution, List.of(step))), 400, "validation")
                .body("errors.find { it.field == 'steps[0].params.tag' }.message",
                        containsString("is not a tag this target allows (it allows tags matching 'v*')"));
        assertProblem(start(TestExecutions.dryRun(inline(execution, List.of(step)))), 400, "validation");
        assertNothingChanged(execution, before);
    }
}
