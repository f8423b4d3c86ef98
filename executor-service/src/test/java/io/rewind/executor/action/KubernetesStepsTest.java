package io.rewind.executor.action;

import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.testing.PostgresResource;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestDeployments;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;
import io.rewind.executor.target.KubernetesTarget;
import io.rewind.executor.target.ResolvedTarget;

/**
 * The Kubernetes step kinds against the fabric8 mock API server in CRUD mode, seeded with Deployments and ReplicaSet
 * histories as a cluster keeps them. Every test reads the objects back: what changed is what a user would see.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class KubernetesStepsTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ExecutionWorker worker;

    @Inject
    ScaleAction scale;

    @Inject
    SwitchServiceAction switchService;

    @Inject
    UndoAction undo;

    private TestDeployments cluster;
    private String ns;
    /** A cluster target allowing {@link #ns} only, on the executor's own connection (the mock server). */
    private String target;

    @BeforeEach
    void seed() {
        cluster = new TestDeployments(server.getClient());
        ns = TestDeployments.namespace();
        target = TestTargets.kubernetes(ns);
    }

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    /** A step on {@link #target} (kinds that take a target), with {@code params} as key, value, key, value... */
    private Map<String, Object> step(String name, StepKind kind, Object... params) {
        return stepOn(kind.targets().isEmpty() ? null : target, name, kind, params);
    }

    /** A step on {@code target}. */
    private static Map<String, Object> stepOn(String target, String name, StepKind kind, Object... params) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        return TestPlans.step(name, kind.id(), target, map);
    }

    /** What the worker hands an action for a step of {@code kind} on {@link #target}, as compensation would. */
    private StepContext context(StepKind kind, Map<String, Object> params, Map<String, Object> before, Duration timeout) {
        return new StepContext(kind.parse(params), new ResolvedTarget(target, TargetKind.KUBERNETES,
                new KubernetesTarget(List.of(ns), null)), before, OffsetDateTime.now(ZoneOffset.UTC), timeout, 1, null);
    }

    private String run(Object... steps) throws Exception {
        String id = start(inline(TestPlans.newName("svc"), List.of(steps))).statusCode(202).extract().path("id");
        runToEnd(worker, id);
        return id;
    }

    /** checkout: revisions 1 (v1.4.1), 2 (v1.4.2), 3 (v1.5.0, current), and another owner's ReplicaSet with its labels. */
    private Deployment checkoutWithHistory() {
        Deployment checkout = cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false);
        cluster.replicaSet(checkout, 1, "shop/checkout:1.4.1", null);
        cluster.replicaSet(checkout, 2, "shop/checkout:1.4.2", null);
        cluster.replicaSet(checkout, 3, "shop/checkout:1.5.0", null);
        cluster.replicaSet(ns, "checkout", UUID.randomUUID().toString(), 5, "evil/checkout:latest", null);
        return checkout;
    }

    @Test
    void undoGoesBackToThePreviousRevisionAsKubectlDoes() throws Exception {
        checkoutWithHistory();
        String id = run(step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "checkout"));

        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.fromRevision", equalTo(3))
                .body("steps[0].before.toRevision", equalTo(2))
                .body("steps[0].after.revision", equalTo(2))
                .body("steps[0].after.skipped", equalTo(false))
                .body("steps[0].output", equalTo("rolled Deployment " + ns + "/checkout back from revision 3 to revision 2"));
        Deployment after = cluster.read(ns, "checkout");
        assertEquals("shop/checkout:1.4.2", cluster.image(ns, "checkout"));
        assertFalse(after.getSpec().getTemplate().getMetadata().getLabels().containsKey("pod-template-hash"),
                "the ReplicaSet's hash label is not copied into the Deployment");
        assertEquals("info", after.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValue());
        Map<String, String> annotations = after.getMetadata().getAnnotations();
        assertEquals("deploy shop/checkout:1.4.2", annotations.get(TestDeployments.CHANGE_CAUSE), "copied from the ReplicaSet");
        assertEquals("3", annotations.get(TestDeployments.REVISION), "the Deployment's own revision is kept");
        assertTrue(annotations.get(TestDeployments.LAST_APPLIED).contains("checkout"), "last-applied is kept");
        assertFalse(annotations.containsKey("deployment.kubernetes.io/desired-replicas"), "bookkeeping is not copied");
    }

    @Test
    void undoToATemplateAlreadyInPlaceIsSkippedAndSaysSo() throws Exception {
        Deployment checkout = cluster.deployment(ns, "checkout", "shop/checkout:1.4.2", 3, false);
        cluster.replicaSet(checkout, 2, "shop/checkout:1.4.2", null);
        cluster.replicaSet(checkout, 3, "shop/checkout:1.5.0", null);
        String before = cluster.read(ns, "checkout").getMetadata().getResourceVersion();

        String id = run(step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "checkout"));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].after.skipped", equalTo(true))
                .body("steps[0].output", containsString("skipped: the template of Deployment " + ns
                        + "/checkout already matches revision 2"));
        assertEquals(before, cluster.read(ns, "checkout").getMetadata().getResourceVersion(), "nothing was patched");
    }

    @Test
    void aRevisionIsFoundInTheRevisionHistoryOfTheReplicaSetThatHadIt() throws Exception {
        // cart went 1 (v1) -> 2 (v2) -> rolled back to v1, which became revision 3 -> 4 (v4).
        Deployment cart = cluster.deployment(ns, "cart", "shop/cart:4", 4, false);
        cluster.replicaSet(cart, 3, "shop/cart:1", "1");
        cluster.replicaSet(cart, 2, "shop/cart:2", null);
        cluster.replicaSet(cart, 4, "shop/cart:4", null);

        String id = run(step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "cart", "toRevision", 1));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED")).body("steps[0].before.toRevision", equalTo(3));
        assertEquals("shop/cart:1", cluster.image(ns, "cart"));
    }

    @Test
    void aPausedDeploymentIsRefusedAndLeftAlone() throws Exception {
        Deployment paused = cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 2, true);
        cluster.replicaSet(paused, 1, "shop/checkout:1.4.2", null);
        cluster.replicaSet(paused, 2, "shop/checkout:1.5.0", null);

        String id = run(step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "checkout"),
                step("check", StepKind.VERIFY_ROLLOUT_STATUS, "namespace", ns, "deployment", "checkout"));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps.status", contains("FAILED", "SKIPPED"))
                .body("steps[0].error", containsString("is paused; resume it"));
        assertEquals("shop/checkout:1.5.0", cluster.image(ns, "checkout"));
    }

    @Test
    void aSingleReplicaSetIsNoHistoryEvenWithAnotherOwnersReplicaSetAlongside() throws Exception {
        Deployment lonely = cluster.deployment(ns, "search", "shop/search:2.0", 1, false);
        cluster.replicaSet(lonely, 1, "shop/search:2.0", null);
        cluster.replicaSet(ns, "search", UUID.randomUUID().toString(), 0, "shop/search:0.9", null);
        cluster.replicaSet(ns, "search", UUID.randomUUID().toString(), 1, "shop/search:1.9", null);

        String id = run(step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "search"));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("no rollout history found for Deployment " + ns
                        + "/search: it has only revision 1"));
        assertEquals("shop/search:2.0", cluster.image(ns, "search"));
    }

    @Test
    void anUnknownRevisionOrDeploymentFailsWithAClearError() throws Exception {
        checkoutWithHistory();
        String id = run(step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "checkout", "toRevision", 5));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("unable to find revision 5 in the history of Deployment " + ns
                        + "/checkout (revisions: 1, 2, 3)"));
        id = run(step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "missing"));
        TestExecutions.get(id).body("steps[0].error", equalTo("Deployment " + ns + "/missing does not exist"));
        assertEquals("shop/checkout:1.5.0", cluster.image(ns, "checkout"));
    }

    @Test
    void aDryRunDescribesEveryChangeAndChangesNothingInTheCluster() throws Exception {
        checkoutWithHistory();
        cluster.service(ns, "checkout", Map.of("app", "checkout", "color", "green"));
        Deployment deploymentBefore = cluster.read(ns, "checkout");
        Service serviceBefore = server.getClient().services().inNamespace(ns).withName("checkout").get();

        String id = start(TestExecutions.dryRun(inline(TestPlans.newName("svc"), List.of(
                step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "checkout"),
                step("maintenance", StepKind.KUBERNETES_SCALE, "namespace", ns, "deployment", "checkout", "replicas", 0),
                step("switch", StepKind.KUBERNETES_SWITCH_SERVICE, "namespace", ns, "service", "checkout",
                        "selector", Map.of("app", "checkout", "color", "blue")))))).statusCode(202).extract().path("id");
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("would roll Deployment " + ns + "/checkout back from revision 3 to revision 2"))
                .body("steps[0].output", containsString("spec.containers[0].image: shop/checkout:1.5.0 -> shop/checkout:1.4.2"))
                .body("steps[0].after.revision", equalTo(2))
                .body("steps[1].output", equalTo("would scale Deployment " + ns + "/checkout from 3 to 0 replicas"))
                .body("steps[1].before.replicas", equalTo(3))
                .body("steps[2].output", containsString("would point Service " + ns + "/checkout"))
                .body("steps[2].after.selector.color", equalTo("blue"));

        assertEquals(deploymentBefore, cluster.read(ns, "checkout"), "the Deployment is exactly as it was");
        assertEquals(serviceBefore, server.getClient().services().inNamespace(ns).withName("checkout").get());
    }

    @Test
    void scaleRecordsTheCountItFoundAndCompensationRestoresIt() throws Exception {
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 1, false);
        String id = run(step("maintenance", StepKind.KUBERNETES_SCALE, "namespace", ns, "deployment", "checkout", "replicas", 0));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.replicas", equalTo(3))
                .body("steps[0].after.replicas", equalTo(0))
                .body("steps[0].output", equalTo("scaled Deployment " + ns + "/checkout from 3 to 0 replicas"));
        assertEquals(0, cluster.read(ns, "checkout").getSpec().getReplicas());

        StepContext context = context(StepKind.KUBERNETES_SCALE, Map.of("namespace", ns, "deployment", "checkout",
                "replicas", 0), Map.of("replicas", 3), Duration.ofMinutes(1));
        Outcome restored = scale.compensate(context).orElseThrow();
        assertEquals(Map.of("replicas", 3), ((Outcome.Done) restored).after());
        assertEquals(3, cluster.read(ns, "checkout").getSpec().getReplicas());
    }

    private static io.restassured.response.ValidatableResponse compensate(Role role, String id, int position) {
        return given().header("Authorization", TestKeys.bearer(role))
                .post("/api/executions/{id}/steps/{position}/compensate", id, position).then();
    }

    @Test
    void anOperatorCompensatesAStepOfAnEndedExecutionOnce() throws Exception {
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 1, false);
        cluster.service(ns, "checkout", Map.of("app", "checkout", "color", "green"));
        String id = run(step("maintenance", StepKind.KUBERNETES_SCALE, "namespace", ns, "deployment", "checkout", "replicas", 0),
                step("pause", StepKind.WAIT, "duration", "PT0.01S"),
                step("switch", StepKind.KUBERNETES_SWITCH_SERVICE, "namespace", ns, "service", "missing",
                        "selector", Map.of("color", "blue")));
        TestExecutions.get(id).body("status", equalTo("FAILED")).body("steps.status", contains("SUCCEEDED", "SUCCEEDED", "FAILED"));
        assertEquals(0, cluster.read(ns, "checkout").getSpec().getReplicas());

        assertProblem(compensate(Role.VIEWER, id, 0), 403, "forbidden");
        compensate(Role.OPERATOR, id, 0).statusCode(200)
                .body("steps[0].compensation.by", equalTo("test-operator"))
                .body("steps[0].compensation.output", equalTo("scaled Deployment " + ns + "/checkout from 0 to 3 replicas"))
                .body("steps[0].compensation.error", nullValue())
                .body("steps[0].status", equalTo("SUCCEEDED"));
        assertEquals(3, cluster.read(ns, "checkout").getSpec().getReplicas());

        assertProblem(compensate(Role.OPERATOR, id, 0), 409, "conflict").body("detail", containsString("already been compensated"));
        assertProblem(compensate(Role.OPERATOR, id, 1), 409, "conflict").body("detail", containsString("cannot be compensated"));
        assertProblem(compensate(Role.OPERATOR, id, 2), 409, "conflict").body("detail", containsString("never acted"));
        assertProblem(compensate(Role.OPERATOR, id, 7), 404, "not-found");

        String running = start(inline(TestPlans.newName("svc"), List.of(step("hold", StepKind.WAIT, "duration", "PT1H"))))
                .statusCode(202).extract().path("id");
        assertProblem(compensate(Role.OPERATOR, running, 0), 409, "conflict").body("detail", containsString("still PENDING"));
    }

    @Test
    void switchServiceReplacesTheSelectorAndCompensationPutsItBack() throws Exception {
        cluster.service(ns, "checkout", Map.of("app", "checkout", "color", "green", "track", "canary"));
        String id = run(step("switch", StepKind.KUBERNETES_SWITCH_SERVICE, "namespace", ns, "service", "checkout",
                "selector", Map.of("app", "checkout", "color", "blue")));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.selector.color", equalTo("green"))
                .body("steps[0].after.selector.color", equalTo("blue"));
        assertEquals(Map.of("app", "checkout", "color", "blue"),
                server.getClient().services().inNamespace(ns).withName("checkout").get().getSpec().getSelector());

        StepContext context = context(StepKind.KUBERNETES_SWITCH_SERVICE, Map.of("namespace", ns, "service", "checkout",
                "selector", Map.of("app", "checkout", "color", "blue")),
                Map.of("selector", Map.of("app", "checkout", "color", "green", "track", "canary")), Duration.ofMinutes(1));
        assertTrue(switchService.compensate(context).isPresent());
        assertEquals(Map.of("app", "checkout", "color", "green", "track", "canary"),
                server.getClient().services().inNamespace(ns).withName("checkout").get().getSpec().getSelector());
    }

    @Test
    void undoCompensationPutsTheTemplateBack() throws Exception {
        checkoutWithHistory();
        StepContext context = context(StepKind.KUBERNETES_UNDO, Map.of("namespace", ns, "deployment", "checkout"), null,
                Duration.ofMinutes(1));
        context = context.withBefore(undo.snapshot(context));
        undo.apply(context);
        assertEquals("shop/checkout:1.4.2", cluster.image(ns, "checkout"));
        undo.compensate(context).orElseThrow();
        assertEquals("shop/checkout:1.5.0", cluster.image(ns, "checkout"));
        assertEquals("deploy shop/checkout:1.5.0",
                cluster.read(ns, "checkout").getMetadata().getAnnotations().get(TestDeployments.CHANGE_CAUSE));
    }

    @Test
    void aStepTakenOverFromADeadWorkerChecksItsEffectAndDoesNotActTwice() throws Exception {
        checkoutWithHistory();
        String id = start(inline(TestPlans.newName("svc"), List.of(
                step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "checkout")))).statusCode(202)
                .extract().path("id");

        // A worker claimed the step, stored its before-state, patched the Deployment and died before recording it.
        StepContext context = context(StepKind.KUBERNETES_UNDO, Map.of("namespace", ns, "deployment", "checkout"), null,
                Duration.ofMinutes(5));
        Map<String, Object> before = undo.snapshot(context);
        undo.apply(context.withBefore(before));
        try (Connection c = PostgresResource.connect(); PreparedStatement s = c.prepareStatement(
                "UPDATE executor.execution_steps SET status = 'RUNNING', attempts = 1, started_at = now(), claimed_by = 'dead',"
                        + " lease_until = now() - interval '1 second', before_state = ?::jsonb WHERE execution_id = ?")) {
            s.setString(1, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(before));
            s.setObject(2, UUID.fromString(id));
            assertEquals(1, s.executeUpdate());
        }
        String patched = cluster.read(ns, "checkout").getMetadata().getResourceVersion();

        runToEnd(worker, id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].attempts", equalTo(2))
                .body("steps[0].output", equalTo("Deployment " + ns + "/checkout already has the template of revision 2"));
        assertEquals(patched, cluster.read(ns, "checkout").getMetadata().getResourceVersion(), "not patched a second time");
        assertEquals("shop/checkout:1.4.2", cluster.image(ns, "checkout"));
    }

    private void setStatus(String name, int updated, int available, int replicas, String progressingReason) {
        Deployment deployment = cluster.read(ns, name);
        long generation = deployment.getMetadata().getGeneration() == null ? 1 : deployment.getMetadata().getGeneration();
        DeploymentStatusBuilder status = new DeploymentStatusBuilder().withObservedGeneration(generation)
                .withReplicas(replicas).withUpdatedReplicas(updated).withAvailableReplicas(available);
        if (progressingReason != null) {
            status.addToConditions(new DeploymentConditionBuilder().withType("Progressing").withStatus("False")
                    .withReason(progressingReason).withMessage("ReplicaSet \"" + name + "-5d4f\" has timed out progressing.").build());
        }
        deployment.setStatus(status.build());
        server.getClient().apps().deployments().inNamespace(ns).resource(deployment).updateStatus();
    }

    @Test
    void rolloutStatusWaitsUntilEveryReplicaIsUpdatedAndAvailable() throws Exception {
        cluster.deployment(ns, "checkout", "shop/checkout:1.4.2", 4, false);
        setStatus("checkout", 1, 1, 4, null);
        String id = start(inline(TestPlans.newName("svc"), List.of(
                step("rolled out", StepKind.VERIFY_ROLLOUT_STATUS, "namespace", ns, "deployment", "checkout"))))
                .statusCode(202).extract().path("id");
        worker.runPending();
        TestExecutions.get(id).body("status", equalTo("RUNNING"))
                .body("steps[0].status", equalTo("RUNNING"))
                .body("steps[0].output", containsString("1 out of 3 new replicas have been updated"));

        setStatus("checkout", 3, 2, 3, null);
        TestExecutions.runUntilOutput(worker, id, "2 of 3 updated replicas are available")
                .body("status", equalTo("RUNNING")).body("steps[0].status", equalTo("RUNNING"));

        setStatus("checkout", 3, 3, 3, null);
        runToEnd(worker, id).body("status", equalTo("SUCCEEDED")).body("steps[0].status", equalTo("SUCCEEDED"));
    }

    @Test
    void rolloutStatusCompletesWhenAvailableAndFailsOnAProgressDeadline() throws Exception {
        cluster.deployment(ns, "checkout", "shop/checkout:1.4.2", 4, false);
        setStatus("checkout", 3, 3, 3, null);
        String id = run(step("rolled out", StepKind.VERIFY_ROLLOUT_STATUS, "namespace", ns, "deployment", "checkout"));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("Deployment " + ns + "/checkout successfully rolled out (3 replicas available)"));

        cluster.deployment(ns, "cart", "shop/cart:2", 2, false);
        setStatus("cart", 1, 1, 3, "ProgressDeadlineExceeded");
        id = run(step("rolled out", StepKind.VERIFY_ROLLOUT_STATUS, "namespace", ns, "deployment", "cart"));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("Deployment " + ns + "/cart exceeded its progress deadline"));
    }

    // ---- the target's boundary ---------------------------------------------------------------------------------------

    private static void redefine(String name, Map<String, Object> spec) {
        given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("kind", "kubernetes", "spec", spec)).put("/api/targets/{name}", name).then().statusCode(200);
    }

    @Test
    void aNamespaceTheTargetDoesNotAllowIsRefusedAtTheStartAndFailsTheStepWhenAnAdminNarrowedItSince() throws Exception {
        String other = TestDeployments.namespace();
        cluster.deployment(other, "checkout", "shop/checkout:1.5.0", 1, false);
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 1, false);
        String otherVersion = cluster.read(other, "checkout").getMetadata().getResourceVersion();

        assertProblem(start(inline(TestPlans.newName("svc"), List.of(step("maintenance", StepKind.KUBERNETES_SCALE,
                "namespace", other, "deployment", "checkout", "replicas", 0)))), 400, "validation")
                .body("errors.message", hasItem(containsString("is not a namespace this target allows (it allows " + ns + ")")));

        // The step was valid when it was written; then an admin moved the target to another namespace.
        String id = start(inline(TestPlans.newName("svc"), List.of(step("maintenance", StepKind.KUBERNETES_SCALE,
                "namespace", ns, "deployment", "checkout", "replicas", 0)))).statusCode(202).extract().path("id");
        String version = cluster.read(ns, "checkout").getMetadata().getResourceVersion();
        redefine(target, Map.of("namespaces", List.of(other)));

        runToEnd(worker, id).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("is not a namespace this target allows (it allows " + other + ")"))
                .body("steps[0].error", containsString("target '" + target + "'"))
                .body("steps[0].before", nullValue());
        assertEquals(version, cluster.read(ns, "checkout").getMetadata().getResourceVersion(), "the Deployment is unchanged");
        assertEquals(3, cluster.read(ns, "checkout").getSpec().getReplicas());
        assertEquals(otherVersion, cluster.read(other, "checkout").getMetadata().getResourceVersion(),
                "nor is the one in the namespace the target allows now");
    }

    @Test
    void aStepNamingNoNamespaceActsInTheTargetsOnlyOne() throws Exception {
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 1, false);
        String id = run(step("maintenance", StepKind.KUBERNETES_SCALE, "deployment", "checkout", "replicas", 1));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("scaled Deployment " + ns + "/checkout from 3 to 1 replicas"));
        assertEquals(1, cluster.read(ns, "checkout").getSpec().getReplicas());
    }

    @Test
    void compensationRefusesWhenTheTargetPointsElsewhereThanWhenTheStepActed() throws Exception {
        String other = TestDeployments.namespace();
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 1, false);
        cluster.deployment(other, "checkout", "shop/checkout:1.5.0", 1, false);
        String id = run(step("maintenance", StepKind.KUBERNETES_SCALE, "deployment", "checkout", "replicas", 0));
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.boundTo.target", equalTo(target));
        String otherVersion = cluster.read(other, "checkout").getMetadata().getResourceVersion();

        // The step named no namespace, so the target's only one; now that one is another.
        redefine(target, Map.of("namespaces", List.of(other)));
        compensate(Role.OPERATOR, id, 0).statusCode(200)
                .body("steps[0].compensation.error", containsString("points elsewhere now than when this step recorded"));
        assertEquals(otherVersion, cluster.read(other, "checkout").getMetadata().getResourceVersion(),
                "the Deployment in the namespace the target names now is untouched");
        assertEquals(0, cluster.read(ns, "checkout").getSpec().getReplicas(), "and the scaled one stays as the step left it");
    }

    /** A kubeconfig for the mock API server, with a bearer token of its own. */
    private Path kubeconfig(String token) throws Exception {
        String server = this.server.getClient().getMasterUrl().toString();
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: staging
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                users:
                - name: rewind-executor
                  user:
                    token: %s
                contexts:
                - name: staging
                  context:
                    cluster: staging
                    user: rewind-executor
                current-context: staging
                """.formatted(server, token);
        Path file = Files.createTempFile("rewind-kubeconfig-", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, yaml);
        return file;
    }

    /** Every request the mock API server got since the last call. */
    private List<RecordedRequest> requests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        for (RecordedRequest r; (r = server.getKubernetesMockServer().takeRequest(1, TimeUnit.MILLISECONDS)) != null;) {
            requests.add(r);
        }
        return requests;
    }

    @Test
    void aTargetWithAKubeconfigActsWithThatKubeconfigsCredentials() throws Exception {
        String token = "staging-" + UUID.randomUUID();
        Path file = kubeconfig(token);
        String staging = TestTargets.define(TargetKind.KUBERNETES, Map.of("namespaces", List.of(ns),
                "kubeconfig", Map.of("file", file.toString())));
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 1, false);
        requests();

        String id = run(stepOn(staging, "maintenance", StepKind.KUBERNETES_SCALE, "namespace", ns, "deployment", "checkout",
                "replicas", 0));
        List<String> credentials = requests().stream().filter(r -> r.getPath().contains("/namespaces/" + ns + "/"))
                .map(r -> r.getHeader("Authorization")).toList();
        TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("scaled Deployment " + ns + "/checkout from 3 to 0 replicas"));
        assertEquals(0, cluster.read(ns, "checkout").getSpec().getReplicas());
        assertFalse(credentials.isEmpty(), "the step called the API server");
        assertEquals(List.of("Bearer " + token), credentials.stream().distinct().toList(),
                "every call carried the kubeconfig's token, none the executor's own credentials");
    }

    @Test
    void aKubeconfigThatCannotBeReadFailsTheStepNamingTheReferenceButNeverItsContent() throws Exception {
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 1, false);
        String version = cluster.read(ns, "checkout").getMetadata().getResourceVersion();
        String missingFile = "/run/secrets/rewind-test-" + UUID.randomUUID() + "/kubeconfig";
        String missing = TestTargets.define(TargetKind.KUBERNETES, Map.of("namespaces", List.of(ns),
                "kubeconfig", Map.of("file", missingFile)));
        String id = run(stepOn(missing, "maintenance", StepKind.KUBERNETES_SCALE, "deployment", "checkout", "replicas", 0));
        TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("the kubeconfig of target '" + missing + "' cannot be read: file "
                        + missingFile + " is not set or not readable by executor-service"));

        Path garbage = Files.createTempFile("rewind-kubeconfig-", ".yaml");
        garbage.toFile().deleteOnExit();
        Files.writeString(garbage, "users: [ {name: admin, user: {token: hunter2-" + UUID.randomUUID() + "\n");
        String broken = TestTargets.define(TargetKind.KUBERNETES, Map.of("namespaces", List.of(ns),
                "kubeconfig", Map.of("file", garbage.toString())));
        id = run(stepOn(broken, "maintenance", StepKind.KUBERNETES_SCALE, "deployment", "checkout", "replicas", 0));
        String body = TestExecutions.get(id).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("the kubeconfig of target '" + broken + "' (file " + garbage
                        + ") is not a valid kubeconfig file"))
                .extract().asString();
        assertFalse(body.contains("hunter2"), body);
        assertEquals(version, cluster.read(ns, "checkout").getMetadata().getResourceVersion(), "nothing changed");
    }

    @Test
    void undoShowsTheTemplatesEnvironmentValuesMaskedAndStillPutsThemBack() throws Exception {
        checkoutWithHistory();
        String id = run(step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "checkout"));
        String body = TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.template.spec.containers[0].env[0].name", equalTo("LOG_LEVEL"))
                .body("steps[0].before.template.spec.containers[0].env[0].value", startsWith("***"))
                .body("steps[0].before.targetTemplate.spec.containers[0].env[0].value", startsWith("***"))
                .body("steps[0].before.annotations.'" + TestDeployments.LAST_APPLIED + "'", startsWith("***"))
                .extract().asString();
        assertFalse(body.contains("\"info\""), "the literal value is not shown: " + body);

        compensate(Role.OPERATOR, id, 0).statusCode(200).body("steps[0].compensation.error", nullValue());
        Deployment restored = cluster.read(ns, "checkout");
        assertEquals("info", restored.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(0).getValue());
        assertTrue(restored.getMetadata().getAnnotations().get(TestDeployments.LAST_APPLIED).contains("checkout"),
                "the stored state kept the real annotation for compensation");
    }

    @Test
    void undoShowsCredentialsInArgumentsAndTheChangeCauseMaskedButAppliesThemAsTheyAre() throws Exception {
        checkoutWithHistory();
        String password = "hunter2-" + UUID.randomUUID();
        String token = "tok-" + UUID.randomUUID();
        var revision2 = server.getClient().apps().replicaSets().inNamespace(ns).list().getItems().stream()
                .filter(rs -> "2".equals(rs.getMetadata().getAnnotations().get(TestDeployments.REVISION))).findFirst()
                .orElseThrow();
        revision2.getSpec().getTemplate().getSpec().getContainers().get(0)
                .setArgs(List.of("--db-password=" + password, "--api-token", token, "--port=8080"));
        revision2.getMetadata().getAnnotations().put(TestDeployments.CHANGE_CAUSE,
                "kubectl set env deployment/checkout API_TOKEN=" + token + " --record=true");
        server.getClient().apps().replicaSets().inNamespace(ns).resource(revision2).update();

        String id = run(step("undo", StepKind.KUBERNETES_UNDO, "namespace", ns, "deployment", "checkout"));
        String body = TestExecutions.get(id).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.targetTemplate.spec.containers[0].args[0]", startsWith("--db-password=***"))
                .body("steps[0].before.targetTemplate.spec.containers[0].args[1]", equalTo("--api-token"))
                .body("steps[0].before.targetTemplate.spec.containers[0].args[2]", startsWith("***"))
                .body("steps[0].before.targetTemplate.spec.containers[0].args[3]", equalTo("--port=8080"))
                .body("steps[0].before.targetAnnotations.'" + TestDeployments.CHANGE_CAUSE + "'",
                        startsWith("kubectl set env deployment/checkout API_TOKEN=***"))
                .extract().asString();
        assertFalse(body.contains(password) || body.contains(token), "no credential is shown: " + body);

        Deployment after = cluster.read(ns, "checkout");
        assertEquals(List.of("--db-password=" + password, "--api-token", token, "--port=8080"),
                after.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs(), "applied as they are");
    }
}
