package io.rewind.executor;

import static io.restassured.RestAssured.given;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

import io.rewind.common.security.Role;
import io.rewind.common.testing.Readiness;
import io.rewind.common.testing.TestKeys;

/**
 * The packaged service as a process (the native executable with {@code -Dnative}, else the jar), against the real
 * PostgreSQL of {@link TestResources} and fabric8's mock Kubernetes API: plans of every step kind go through JSON and
 * validation, and a Deployment's history through the Kubernetes client, the parts a native build could break.
 */
@QuarkusIntegrationTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(value = ExecutorServiceIT.NoWorker.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ExecutorServiceIT {

    /**
     * The process outlives this class while {@link ExecutorCrashIT} runs its own executor on the same database: with
     * its worker on it would take that test's executions too (against a cluster that does not have their Deployment).
     */
    public static class NoWorker implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            return Map.of("rewind.executor.worker.enabled", "false");
        }

        @Override
        public void stop() {
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void readyAgainstPostgresql() {
        Readiness.assertReadyWithPostgresql();
    }

    @Test
    void aPlanWithEveryStepKindIsStoredAndReadBackAsItWillRun() {
        String name = TestPlans.newName("checkout-rollback");
        String location = given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(TestPlans.planWithEveryKind(name, "checkout")).post("/api/plans").then().statusCode(201)
                .body("version", equalTo(1))
                .body("createdBy", equalTo("test-admin"))
                .extract().header("Location");

        String[] kinds = Arrays.stream(StepKind.values()).map(StepKind::id).toArray(String[]::new);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get(location).then().statusCode(200)
                .body("name", equalTo(name))
                .body("steps.kind", contains(kinds))
                .body("steps[0].params.toRevision", equalTo(3))
                .body("steps[3].params.selector.color", equalTo("blue"))
                .body("steps[5].params.upstream", contains("10.0.0.7:8080", "10.0.0.8:8080"));
    }

    @Test
    void aStepOfAnUnknownKindIsA400ProblemNamingTheField() {
        Map<String, Object> plan = TestPlans.plan(TestPlans.newName("bad"), "checkout",
                List.of(TestPlans.step("explode", "kubernetes.explode", Map.of())));
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.ADMIN)).contentType(ContentType.JSON)
                .body(plan).post("/api/plans").then(), 400, "validation")
                .body("errors[0].field", equalTo("steps[0].kind"));
    }

    @Test
    void aDeploymentsHistoryIsReadThroughTheKubernetesApi() {
        TestDeployments cluster = new TestDeployments(server.getClient());
        String ns = TestDeployments.namespace();
        Deployment checkout = cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 2, false);
        cluster.replicaSet(checkout, 1, "shop/checkout:1.4.2", null);
        cluster.replicaSet(checkout, 2, "shop/checkout:1.5.0", null);

        // Only where a kubernetes target lets Rewind act, and through that target's cluster.
        assertProblem(given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/kubernetes/{namespace}/deployments/{name}/history", ns, "checkout").then(), 403, "forbidden");
        TestTargets.kubernetes(ns);
        given().header("Authorization", TestKeys.bearer(Role.VIEWER))
                .get("/api/kubernetes/{namespace}/deployments/{name}/history", ns, "checkout").then().statusCode(200)
                .body("currentRevision", equalTo(2))
                .body("revisions.revision", contains(1, 2))
                .body("revisions[0].images", contains("shop/checkout:1.4.2"));
    }

    @Test
    void withoutAKeyTheApiIsA401Problem() {
        assertProblem(given().get("/api/plans").then(), 401, "unauthorized");
    }
}
