package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.GitApp;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code host.rollback} on a systemd host. systemd cannot run here, so the target's {@code systemctlBinary} (an
 * admin's setting, the seam) is a stand-in this test writes: it records every argument list it is called with and
 * answers {@code show} and {@code is-active} as systemctl does, its MainPID changing on {@code restart}. The working
 * copy, its tags and the install command are real. What is asserted is the exact commands issued.
 */
@QuarkusTest
class HostSystemdTest {

    private static final String SHOW = "--user show shop.service --property=LoadState,ActiveState,SubState,MainPID,NRestarts";

    @Inject
    ExecutionWorker worker;

    private GitApp app;
    private Path systemd;
    private Path systemctl;

    @BeforeEach
    void deployV2() throws Exception {
        app = new GitApp();
        app.install();
        systemd = Files.createDirectories(app.dir().resolveSibling(app.dir().getFileName() + "-systemd"));
        Files.writeString(systemd.resolve("pid"), "4242\n");
        systemctl = systemd.resolve("systemctl");
        Files.writeString(systemctl, """
                #!/bin/sh
                d='%s'
                printf '%%s\\n' "$*" >> "$d/calls"
                [ "$1" = "--user" ] && shift
                case "$1" in
                  show)
                    if [ "$2" != "shop.service" ]; then
                      printf 'LoadState=not-found\\nActiveState=inactive\\nSubState=dead\\nMainPID=0\\nNRestarts=0\\n'; exit 0
                    fi
                    if [ -e "$d/failed" ]; then
                      printf 'LoadState=loaded\\nActiveState=failed\\nSubState=failed\\nMainPID=0\\nNRestarts=0\\n'; exit 0
                    fi
                    printf 'NRestarts=0\\nMainPID=%%s\\nLoadState=loaded\\nActiveState=active\\nSubState=running\\n' "$(cat "$d/pid")" ;;
                  is-active)
                    if [ -e "$d/failed" ]; then echo failed; exit 3; fi
                    echo active ;;
                  restart)
                    if [ -e "$d/fail-on-restart" ]; then touch "$d/failed"; fi
                    echo $(( $(cat "$d/pid") + 1 )) > "$d/pid" ;;
                  *) echo "Unknown command verb $1." >&2; exit 1 ;;
                esac
                """.formatted(systemd));
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwx------"));
    }

    @AfterEach
    void cleanUp() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private String target(String unit) {
        return TestTargets.define(TargetKind.HOST, Map.of("workingCopy", app.dir().toString(), "manager", "systemd",
                "unit", unit, "systemdScope", "user", "systemctlBinary", systemctl.toString(), "install", GitApp.INSTALL,
                "allowedTags", "v*", "stableSeconds", 0));
    }

    /** The argument lists systemctl was called with since the last call, one line each. */
    private List<String> calls() throws Exception {
        Path file = systemd.resolve("calls");
        List<String> calls = Files.exists(file) ? Files.readAllLines(file) : List.of();
        Files.deleteIfExists(file);
        return calls;
    }

    private String run(Map<String, Object> body) throws Exception {
        String id = start(body).statusCode(202).extract().path("id");
        runToEnd(worker, id);
        return id;
    }

    private Map<String, Object> rollback(String target) {
        return inline(TestPlans.newName("shop"), List.of(TestPlans.step("rollback", StepKind.HOST_ROLLBACK.id(), target,
                Map.of())));
    }

    @Test
    void restartsTheUnitWithExactlyTheseCommandsAndCompensatesForward() throws Exception {
        String target = target("shop.service");
        String v1 = app.commitOf("v1");
        String v2 = app.commitOf("v2");

        runToEnd(worker, start(TestExecutions.dryRun(rollback(target))).statusCode(202).extract().path("id"))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].after.commands[2]", equalTo(List.of(systemctl.toString(), "--user", "restart", "shop.service")))
                .body("steps[0].after.commands[4]", equalTo(List.of(systemctl.toString(), "--user", "is-active", "shop.service")));
        assertEquals(List.of(SHOW), calls(), "a dry run only looks");
        assertEquals(v2, app.head());

        String id = run(rollback(target));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.process.mainPid", equalTo("4242"))
                .body("steps[0].before.process.activeState", equalTo("active"))
                .body("steps[0].after.process.mainPid", equalTo("4243"))
                .body("steps[0].after.process.subState", equalTo("running"))
                .body("steps[0].after.tag", equalTo("v1"));
        // snapshot; before the checkout; the restart; watched; then the verification.
        assertEquals(List.of(SHOW, SHOW, "--user restart shop.service", SHOW, "--user is-active shop.service", SHOW), calls());
        assertEquals(v1, app.head());
        assertEquals("1.0.0", Files.readString(app.dir().resolve("installed.txt")));

        given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/executions/{id}/steps/{position}/compensate", id, 0).then().statusCode(200);
        List<String> compensation = calls();
        assertEquals(1, compensation.stream().filter(c -> c.equals("--user restart shop.service")).count(), compensation.toString());
        assertEquals(v2, app.head());
        assertEquals("main", app.branch());
        assertEquals("2.0.0", Files.readString(app.dir().resolve("installed.txt")));
    }

    @Test
    void anUnknownUnitIsRefusedBeforeAnythingRuns() throws Exception {
        String id = run(rollback(target("ghost.service")));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("unit ghost.service not found by systemd (LoadState=not-found)"));
        List<String> calls = calls();
        assertFalse(calls.stream().anyMatch(c -> c.contains("restart")), calls.toString());
        assertEquals(app.commitOf("v2"), app.head());
        assertEquals("main", app.branch());
    }

    @Test
    void aUnitThatFailsAfterTheRestartFailsTheStep() throws Exception {
        Files.writeString(systemd.resolve("fail-on-restart"), "");
        String id = run(rollback(target("shop.service")));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("systemd unit shop.service is failed (failed)"));
        List<String> restarts = new ArrayList<>(calls());
        restarts.removeIf(c -> !c.contains("restart"));
        assertEquals(List.of("--user restart shop.service"), restarts);
    }
}
