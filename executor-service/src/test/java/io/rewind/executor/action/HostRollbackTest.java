package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
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
import io.rewind.executor.GitApp;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;
import io.rewind.executor.target.HostTarget;
import io.rewind.local.LocalPm2;

/**
 * {@code host.rollback} against a real PM2 running a small Node app from a real Git working copy tagged v1 and v2: the
 * runbook's "git checkout [previous-tag]; npm ci; pm2 restart" as a user of the app would notice it (the HTTP answer
 * changes release), with dry run, compensation (forward to v2 again) and the refusals that change nothing.
 */
@QuarkusTest
class HostRollbackTest {

    private static LocalPm2 pm2;

    @Inject
    ExecutionWorker worker;

    private GitApp app;
    private String process;
    private Path greeting;

    @BeforeAll
    static void startPm2() throws Exception {
        pm2 = LocalPm2.under(Path.of("target"));
    }

    @AfterAll
    static void killPm2() throws Exception {
        pm2.close();
    }

    @BeforeEach
    void deployV2() throws Exception {
        app = new GitApp();
        app.install();
        process = TestPlans.newName("shop");
        pm2.start(app.server(), process);
        assertEquals("v2 2.0.0 -", app.awaitAnswer("v2 2.0.0 -"));
        greeting = Files.createTempFile("rewind-greeting", ".txt", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(greeting, "hello\n");
    }

    @AfterEach
    void cleanUp() throws Exception {
        TestExecutions.cancelAllActive();
        pm2.run(app.dir(), "delete", process);
        Files.deleteIfExists(greeting);
    }

    /** The host target an admin defines for this app, with {@code changes} (key, value, ...) applied. */
    private String target(Object... changes) {
        Map<String, Object> spec = new HashMap<>(pm2.spec());
        spec.putAll(Map.of("workingCopy", app.dir().toString(), "manager", "pm2", "process", process,
                "install", GitApp.INSTALL, "environment", Map.of("GREETING", Map.of("file", greeting.toString())),
                "allowedTags", "v*", "stableSeconds", 2));
        return TestTargets.define(TargetKind.HOST, TestPlans.with(spec, changes));
    }

    private static Map<String, Object> rollback(String target, Map<String, Object> params) {
        return TestPlans.step("rollback", StepKind.HOST_ROLLBACK.id(), target, params);
    }

    private String run(Map<String, Object> step) throws Exception {
        String id = start(inline(TestPlans.newName("shop"), List.of(step))).statusCode(202).extract().path("id");
        runToEnd(worker, id);
        return id;
    }

    @Test
    void rollsBackToThePreviousTagAndCompensationGoesForwardAgain() throws Exception {
        String target = target();
        String v1 = app.commitOf("v1");
        String v2 = app.commitOf("v2");
        LocalPm2.Instance before = pm2.instance(process);

        // Dry run: says what it would run, as argument lists, and changes nothing.
        String dry = start(TestExecutions.dryRun(inline(TestPlans.newName("shop"), List.of(rollback(target, Map.of())))))
                .statusCode(202).extract().path("id");
        runToEnd(worker, dry).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.tag", equalTo("v2"))
                .body("steps[0].before.branch", equalTo("main"))
                .body("steps[0].before.process.instances[0].status", equalTo("online"))
                .body("steps[0].after.tag", equalTo("v1"))
                .body("steps[0].after.commit", equalTo(v1))
                .body("steps[0].after.commands[0]", equalTo(List.of(HostTarget.onPath("git"), "checkout", "--quiet", "--detach", v1, "--")))
                .body("steps[0].after.commands[1]", equalTo(List.of(HostTarget.onPath("node"), "install.js")))
                .body("steps[0].after.commands[2]", equalTo(List.of(LocalPm2.binary().toString(), "restart", process,
                        "--update-env")))
                .body("steps[0].output", containsString("would check out v1"));
        assertEquals(v2, app.head());
        assertEquals(before, pm2.instance(process));
        assertEquals("v2 2.0.0 -", app.answer());

        String id = run(rollback(target, Map.of("tag", "previous")));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.commit", equalTo(v2))
                .body("steps[0].before.tag", equalTo("v2"))
                .body("steps[0].before.process.instances[0].pid", equalTo((int) before.pid()))
                .body("steps[0].after.commit", equalTo(v1))
                .body("steps[0].after.tag", equalTo("v1"))
                .body("steps[0].after.branch", nullValue())
                .body("steps[0].after.process.instances[0].status", equalTo("online"))
                .body("steps[0].after.process.instances[0].pid", not(equalTo((int) before.pid())))
                .body("steps[0].output", containsString("checked out v1"));
        assertEquals(v1, app.head());
        // The install ran for v1 and the restart passed the target's environment (a secret file) to the app.
        assertEquals("v1 1.0.0 hello", app.awaitAnswer("v1 1.0.0 hello"));
        assertEquals("online", pm2.instance(process).status());

        given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/executions/{id}/steps/{position}/compensate", id, 0).then().statusCode(200);
        assertEquals(v2, app.head());
        assertEquals("main", app.branch());
        assertEquals("v2 2.0.0 hello", app.awaitAnswer("v2 2.0.0 hello"));
    }

    @Test
    void aNamedTagIsCheckedOutAndAVersionOrderDecidesPrevious() throws Exception {
        // v10 comes after v2 in version order (not in text order), so "previous" of v10 is v2.
        app.release("v10", "10.0.0", "require('fs').writeFileSync('installed.txt', require('./package.json').version);\n");
        String target = target();
        String id = run(rollback(target, Map.of()));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.tag", equalTo("v10"))
                .body("steps[0].after.tag", equalTo("v2"));
        assertEquals("v2 2.0.0 hello", app.awaitAnswer("v2 2.0.0 hello"));

        run(rollback(target, Map.of("tag", "v1")));
        assertEquals(app.commitOf("v1"), app.head());
        assertEquals("v1 1.0.0 hello", app.awaitAnswer("v1 1.0.0 hello"));
    }

    @Test
    void anEcosystemFileRestartsThroughStartOrReload() throws Exception {
        // Untracked, so not a local change: an admin's file beside the release.
        Files.writeString(app.dir().resolve("ecosystem.config.js"), "module.exports = { apps: [{ name: '" + process
                + "', script: 'server.js', env: { GREETING: 'from-ecosystem' } }] };\n");
        LocalPm2.Instance before = pm2.instance(process);
        String target = target("ecosystemFile", "ecosystem.config.js", "environment", TestPlans.REMOVE);
        String id = run(rollback(target, Map.of()));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("checked out v1"));
        assertEquals("v1 1.0.0 from-ecosystem", app.awaitAnswer("v1 1.0.0 from-ecosystem"));
        assertNotEquals(before.pid(), pm2.instance(process).pid());
    }

    @Test
    void aDirtyWorkingCopyIsRefusedNamingTheFilesAndNothingChanges() throws Exception {
        String target = target();
        Files.writeString(app.server(), Files.readString(app.server()) + "// hotfix by hand\n");
        LocalPm2.Instance before = pm2.instance(process);
        String id = run(rollback(target, Map.of()));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("working copy " + app.dir() + " has local changes to server.js"));
        assertEquals(app.commitOf("v2"), app.head());
        assertEquals("main", app.branch());
        assertEquals(before, pm2.instance(process));
        assertEquals("v2 2.0.0 -", app.answer());
    }

    @Test
    void anUnknownTagOrProcessIsRefusedAndNothingChanges() throws Exception {
        LocalPm2.Instance before = pm2.instance(process);
        String id = run(rollback(target(), Map.of("tag", "v9")));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("tag 'v9' not found in " + app.dir() + " (tags matching 'v*': v1, v2)"));

        id = run(rollback(target("process", "ghost"), Map.of()));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("process \"ghost\" not found in pm2"))
                .body("steps[0].error", containsString(process));
        assertFalse(pm2.names().contains("ghost"), "a refused step must not start the process it did not find");

        id = run(rollback(target("allowedTags", "v2*"), Map.of()));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("v2 is the oldest of the tags matching 'v2*'"));
        assertEquals(app.commitOf("v2"), app.head());
        assertEquals(before, pm2.instance(process));
    }

    @Test
    void aFailedInstallPutsTheOldReleaseBackAndLeavesTheProcessAlone() throws Exception {
        app.release("v3", "3.0.0", "process.exit(3);\n");
        app.git("checkout", "--quiet", "v2");
        app.git("checkout", "--quiet", "-B", "main", "v2");
        String target = target();
        // v3 is newer; going "back" to a named tag is any allowed tag, so the broken release is reached by name.
        LocalPm2.Instance before = pm2.instance(process);
        String id = run(rollback(target, Map.of("tag", "v3")));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("the install command"))
                .body("steps[0].error", containsString("exit status 3"))
                .body("steps[0].error", containsString("installed it again"))
                .body("steps[0].error", containsString("pm2 process " + process + " was not restarted"));
        assertEquals(app.commitOf("v2"), app.head());
        assertEquals("main", app.branch());
        assertEquals(before, pm2.instance(process));
        assertEquals("v2 2.0.0 -", app.answer());
    }

    @Test
    void aTargetStoresItsProgramsAsFoundOnThePathAndItsEnvironmentOnlyByReference() {
        String defined = target("install", List.of("node", "install.js"));
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/api/targets/{name}", defined).then()
                .statusCode(200)
                .body("spec.gitBinary", equalTo(HostTarget.onPath("git")))
                .body("spec.install", equalTo(List.of(HostTarget.onPath("node"), "install.js")))
                .body("spec.environment.GREETING.file", equalTo(greeting.toString()))
                .body("secrets.field", hasItem("environment.GREETING"))
                .body(not(containsString("hello")));
    }
}
