package io.rewind.executor.action;

import static io.rewind.executor.TestExecutions.dryRun;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.testing.PostgresResource;
import io.rewind.executor.BackupServiceStub;
import io.rewind.executor.BackupServiceStub.Received;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestDeployments;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code postgres.restore} against recorded answers of backup-service (its readiness, backup and restore JSON), after a
 * {@code kubernetes.scale} to 0 on the fabric8 mock server stopped writes: what it refuses, what it sends, and that a
 * resumed step never starts a second restore. The database is a {@code backup} target's; steps give only the backup
 * and whether to force.
 */
@QuarkusTest
@WithTestResource(BackupServiceStub.class)
@WithKubernetesTestServer(crud = true)
class RestoreStepTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ExecutionWorker worker;

    private String ns;
    private String cluster;
    private String database;

    @BeforeEach
    void seed() {
        ns = TestDeployments.namespace();
        new TestDeployments(server.getClient()).deployment(ns, "orders-api", "shop/orders:2.1.0", 3, false);
        cluster = TestTargets.kubernetes(ns);
        database = TestPlans.newName("orders");
        BackupServiceStub.RECEIVED.clear();
    }

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private static Map<String, Object> step(String name, StepKind kind, String target, Object... params) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        return TestPlans.step(name, kind.id(), target, map);
    }

    private Map<String, Object> stopWrites(int replicas) {
        return step("stop writes", StepKind.KUBERNETES_SCALE, cluster, "namespace", ns, "deployment", "orders-api",
                "replicas", replicas);
    }

    /** A restore of {@link #database}, on a backup target an admin defined for it. */
    private Map<String, Object> restore(Object... params) {
        return step("restore", StepKind.POSTGRES_RESTORE, TestTargets.backup(database), params);
    }

    private static String startSteps(Object... steps) {
        return start(inline(TestPlans.newName("orders"), List.of(steps))).statusCode(202).extract().path("id");
    }

    private ValidatableResponse run(Object... steps) throws Exception {
        return runToEnd(worker, startSteps(steps));
    }

    @Test
    void afterWritesStopItRestoresTheNewestVerifiedBackupConfirmingTheTargetAndFollowsTheJob() throws Exception {
        UUID newest = BackupServiceStub.backup(database, 1);
        BackupServiceStub.ready(database, newest);
        ValidatableResponse done = run(stopWrites(0), restore());

        List<Received> posts = BackupServiceStub.restoreRequests();
        assertEquals(1, posts.size(), "one restore: " + posts);
        assertEquals("/api/backups/" + newest + "/restores", posts.get(0).path());
        assertEquals(database, posts.get(0).body().get("target").asText());
        assertEquals(database, posts.get(0).body().get("confirm").asText());
        assertEquals("Bearer " + BackupServiceStub.SERVICE_KEY, posts.get(0).authorization());
        String id = done.extract().path("id");
        assertEquals("rewind-executor:" + id + ":1:restore", posts.get(0).idempotencyKey(),
                "derived from the execution and the step's position");
        assertTrue(BackupServiceStub.RECEIVED.stream().anyMatch(r -> r.path().equals("/api/databases/" + database + "/readiness")));

        String restoreId = done.extract().path("steps[1].after.restoreId");
        String safety = done.extract().path("steps[1].after.safetyBackupId");
        done.body("status", equalTo("SUCCEEDED"))
                .body("steps[1].before.backupId", equalTo(newest.toString()))
                .body("steps[1].before.backupChosen", equalTo("newest verified"))
                .body("steps[1].before.writesStoppedBy", contains("stop writes"))
                .body("steps[1].before.restoreId", equalTo(restoreId))
                .body("steps[1].after.status", equalTo("SUCCEEDED"))
                .body("steps[1].attempts", equalTo(3))
                .body("steps[1].output", equalTo("restored backup " + newest + " over '" + database + "' (restore "
                        + restoreId + "; safety backup " + safety + " holds what it replaced)"));
    }

    @Test
    void aDatabaseThatIsNotReadyIsRefusedWithBackupServicesReasons() throws Exception {
        UUID stale = BackupServiceStub.backup(database, 30);
        BackupServiceStub.notReady(database, stale, "the newest verified backup " + stale + " is PT30H old, older than 4 h");
        run(stopWrites(0), restore()).body("status", equalTo("FAILED"))
                .body("steps[1].error", equalTo("refusing to restore '" + database + "': backup-service says '" + database
                        + "' is not ready for a restore: the newest verified backup " + stale
                        + " is PT30H old, older than 4 h. Set force: true to restore anyway."));
        assertEquals(List.of(), BackupServiceStub.restoreRequests());
    }

    @Test
    void withoutAnEarlierStepThatStoppedWritesItRefuses() throws Exception {
        BackupServiceStub.ready(database, BackupServiceStub.backup(database, 1));
        run(restore()).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("no earlier step of this execution stopped writes to it"));
        // Scaling to 2 replicas is no maintenance mode.
        run(stopWrites(2), restore()).body("status", equalTo("FAILED"))
                .body("steps[1].error", containsString("no earlier step of this execution stopped writes to it"));
        assertEquals(List.of(), BackupServiceStub.restoreRequests());
    }

    @Test
    void forceRestoresPastEveryRefusalAndSaysWhatItOverrode() throws Exception {
        UUID stale = BackupServiceStub.backup(database, 30);
        UUID named = BackupServiceStub.backup(database, 50);
        BackupServiceStub.notReady(database, stale, "the newest verified backup " + stale + " is PT30H old, older than 4 h");
        run(restore("force", true, "backupId", named.toString())).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.backupChosen", equalTo("named"))
                .body("steps[0].before.forcedPast.size()", equalTo(2))
                .body("steps[0].before.notReadyBecause[0]", containsString("PT30H old"));
        List<Received> posts = BackupServiceStub.restoreRequests();
        assertEquals(1, posts.size());
        assertEquals("/api/backups/" + named + "/restores", posts.get(0).path());
    }

    @Test
    void aResumedStepFollowsTheRestoreItStartedAndNeverStartsASecond() throws Exception {
        BackupServiceStub.ready(database, BackupServiceStub.backup(database, 1));
        String id = startSteps(stopWrites(0), restore());
        // Two passes: the scale, then the restore asks backup-service and waits for the job.
        TestExecutions.runUntilStep(worker, id, 1, "PENDING");
        assertEquals(1, BackupServiceStub.restoreRequests().size());

        // The worker died while following the job: its claim is left behind with a lease that ran out.
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE executor.execution_steps SET claimed_by = 'dead', lease_until = now() - interval '1 second',"
                        + " next_attempt_at = NULL WHERE execution_id = ? AND position = 1")) {
            s.setObject(1, UUID.fromString(id));
            assertEquals(1, s.executeUpdate());
        }
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"));
        assertEquals(1, BackupServiceStub.restoreRequests().size(), "no second restore");
    }

    @Test
    void aStepInterruptedWhileAskingAsksAgainUnderTheSameKeyAndFollowsTheRestoreItHadStarted() throws Exception {
        BackupServiceStub.ready(database, BackupServiceStub.backup(database, 1));
        String id = startSteps(stopWrites(0), restore(), step("smoke", StepKind.WAIT, null, "duration", "PT0.01S"));
        TestExecutions.runUntilStep(worker, id, 1, "PENDING");
        List<Received> first = BackupServiceStub.restoreRequests();
        assertEquals(1, first.size());
        String started = TestExecutions.get(id).extract().path("steps[1].before.restoreId");

        // As if the worker had died during that request: backup-service started the restore, but the step never
        // learnt its id (only that it had asked), and its lease has run out.
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE executor.execution_steps SET before_state = (before_state - 'restoreId')"
                        + " || jsonb_build_object('restoreRequestedAt', ?::text), claimed_by = 'dead',"
                        + " lease_until = now() - interval '1 second', next_attempt_at = NULL"
                        + " WHERE execution_id = ? AND position = 1")) {
            s.setString(1, OffsetDateTime.now(ZoneOffset.UTC).toString());
            s.setObject(2, UUID.fromString(id));
            assertEquals(1, s.executeUpdate());
        }
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                .body("steps[1].after.restoreId", equalTo(started))
                .body("steps[2].status", equalTo("SUCCEEDED"));

        List<Received> posts = BackupServiceStub.restoreRequests();
        assertEquals(2, posts.size(), "asked again: " + posts);
        String key = "rewind-executor:" + id + ":1:restore";
        assertEquals(List.of(key, key), posts.stream().map(Received::idempotencyKey).toList(), "under the same key");
        assertEquals(1, BackupServiceStub.restoresOver(database).size(), "and backup-service started one restore");
    }

    @Test
    void aRestoreStartedByACancelledExecutionIsFollowedToItsEndAndHoldsTheTargetUntilThen() throws Exception {
        BackupServiceStub.ready(database, BackupServiceStub.backup(database, 1));
        String target = TestPlans.newName("orders");
        String id = start(inline(target, List.of(stopWrites(0), restore(), step("smoke", StepKind.WAIT, null,
                "duration", "PT0.01S")))).statusCode(202).extract().path("id");
        TestExecutions.runUntilStep(worker, id, 1, "PENDING");

        TestExecutions.cancel(id).statusCode(200).body("status", equalTo("CANCELLED"))
                .body("targetHeld", equalTo(true))
                .body("steps.status", contains("SUCCEEDED", "RUNNING", "SKIPPED"));
        // While backup-service restores, a second execution of the target does not start, and says which one holds it.
        Map<String, Object> second = step("look", StepKind.WAIT, null, "duration", "PT0.01S");
        assertProblem(start(inline(target, List.of(second))), 409, "conflict")
                .body("runningExecutionId", equalTo(id))
                .body("detail", containsString("is still held by execution " + id + ", cancelled by test-operator"));
        assertEquals(1, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", target));

        String restoreId = TestExecutions.get(id).extract().path("steps[1].before.restoreId");
        TestExecutions.runWhileTargetHeld(worker, id).body("status", equalTo("CANCELLED"))
                .body("steps.status", contains("SUCCEEDED", "SUCCEEDED", "SKIPPED"))
                .body("steps[1].after.restoreId", equalTo(restoreId))
                .body("reason", startsWith("cancelled by test-operator; step 'restore' (postgres.restore), still running "
                        + "then, has since SUCCEEDED: restored backup "));
        assertEquals(1, BackupServiceStub.restoreRequests().size(), "followed, not asked again");

        start(inline(target, List.of(second))).statusCode(202);
    }

    @Test
    void aRestoreThatFailsOnBackupServiceFailsTheStepNamingTheSafetyBackup() throws Exception {
        BackupServiceStub.ready(database, BackupServiceStub.backup(database, 1));
        BackupServiceStub.restoresFail(database);
        run(stopWrites(0), restore()).body("status", equalTo("FAILED"))
                .body("steps[1].error", containsString("ended FAILED: pg_restore: error: could not execute query"))
                .body("steps[1].error", containsString("; safety backup "));
    }

    @Test
    void anUnknownBackupOrDatabaseIsRefusedByBackupServiceAndSaidSo() throws Exception {
        BackupServiceStub.ready(database, BackupServiceStub.backup(database, 1));
        UUID unknown = UUID.randomUUID();
        run(stopWrites(0), restore("backupId", unknown.toString())).body("status", equalTo("FAILED"))
                .body("steps[1].error", equalTo("backup-service has no backup " + unknown + ": Backup " + unknown
                        + " does not exist."));
        database = TestPlans.newName("nowhere");
        run(stopWrites(0), restore()).body("status", equalTo("FAILED"))
                .body("steps[1].error", containsString("backup-service does not know a database named '" + database + "'"));
        assertEquals(1, BackupServiceStub.restoreRequests().size(), "only the request backup-service refused");
    }

    @Test
    void aStepCannotNameTheDatabaseItRestoresAndNothingIsAsked() throws Exception {
        UUID newest = BackupServiceStub.backup(database, 1);
        BackupServiceStub.ready(database, newest);
        String other = TestPlans.newName("payments");
        BackupServiceStub.ready(other, BackupServiceStub.backup(other, 1));
        String service = TestPlans.newName("orders");

        start(inline(service, List.of(stopWrites(0), restore("database", other, "force", true))))
                .statusCode(400)
                .body("errors.field", contains("steps[1].params.database"))
                .body("errors[0].message", containsString("is not a parameter of postgres.restore"));

        assertEquals(0, TestExecutions.count("SELECT count(*) FROM executor.executions WHERE target = ?", service));
        worker.runPending();
        assertEquals(List.of(), BackupServiceStub.RECEIVED, "backup-service was asked nothing");
        assertEquals(3, server.getClient().apps().deployments().inNamespace(ns).withName("orders-api").get().getSpec()
                .getReplicas(), "writes were not stopped either");
    }

    @Test
    void aDryRunChecksReadinessAndStartsNoRestore() throws Exception {
        UUID newest = BackupServiceStub.backup(database, 1);
        BackupServiceStub.ready(database, newest);
        runToEnd(worker, start(dryRun(inline(TestPlans.newName("orders"), List.of(stopWrites(0), restore()))))
                .statusCode(202).extract().path("id"))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[1].output", equalTo("would restore backup " + newest + " (newest verified) over '" + database
                        + "'; backup-service takes a safety backup of it first"))
                .body("steps[1].output", not(containsString("forced")));
        assertEquals(List.of(), BackupServiceStub.restoreRequests());
    }
}
