package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.executor.TestExecutions.dryRun;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TestDeployments;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code kubernetes.setEnv} (seed 002's environment-variable flag) and {@code istio.setWeights} (seed 004's canary to
 * zero) against the fabric8 mock API server in CRUD mode. Every test reads the objects back.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class SetEnvAndWeightsStepsTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ExecutionWorker worker;

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

    /** A step on {@link #target}, with {@code params} as key, value, key, value... */
    private Map<String, Object> step(String name, StepKind kind, Object... params) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        return TestPlans.step(name, kind.id(), target, map);
    }

    /** A literal environment value as the execution shows it. */
    private static String masked(String value) {
        return Masks.literal(value);
    }

    private ValidatableResponse run(Map<String, Object> body) throws Exception {
        String id = start(body).log().ifValidationFails().statusCode(202).extract().path("id");
        return runToEnd(worker, id);
    }

    private ValidatableResponse runSteps(Object... steps) throws Exception {
        return run(inline(TestPlans.newName("svc"), List.of(steps)));
    }

    private static ValidatableResponse compensate(String id, int position) {
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/executions/{id}/steps/{position}/compensate", id, position).then();
    }

    private List<EnvVar> env(String deployment, int container) {
        return cluster.read(ns, deployment).getSpec().getTemplate().getSpec().getContainers().get(container).getEnv();
    }

    private Map<String, Object> setEnv(String name, String value, Object... more) {
        Object[] params = new Object[6 + more.length];
        System.arraycopy(new Object[] { "namespace", ns, "deployment", "checkout", "name", name }, 0, params, 0, 6);
        System.arraycopy(more, 0, params, 6, more.length);
        Map<String, Object> step = step("flag off", StepKind.KUBERNETES_SET_ENV, params);
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) step.get("params");
        p.put("value", value);
        return step;
    }

    // ---- kubernetes.setEnv -------------------------------------------------------------------------------------------

    @Test
    void setEnvChangesOneVariableAndCompensationPutsTheOldValueBack() throws Exception {
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false);
        ValidatableResponse done = runSteps(setEnv("LOG_LEVEL", "debug"));
        String id = done.extract().path("id");
        done.body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.container", equalTo("app"))
                .body("steps[0].before.present", equalTo(true))
                .body("steps[0].before.variable.value", equalTo(masked("info")))
                .body("steps[0].after.value", equalTo(masked("debug")))
                .body("steps[0].output", equalTo("set LOG_LEVEL to a masked value in container app of Deployment "
                        + ns + "/checkout (was a masked value)"));
        assertEquals(List.of(new EnvVar("LOG_LEVEL", "debug", null)), env("checkout", 0));

        compensate(id, 0).statusCode(200).body("steps[0].compensation.error", nullValue());
        assertEquals(List.of(new EnvVar("LOG_LEVEL", "info", null)), env("checkout", 0));
    }

    @Test
    void aVariableThatWasAbsentIsAddedAndCompensationRemovesIt() throws Exception {
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false);
        List<EnvVar> original = env("checkout", 0);
        String id = runSteps(setEnv("NEW_CHECKOUT_ENABLED", "false")).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.present", equalTo(false))
                .body("steps[0].output", containsString("(was unset)"))
                .extract().path("id");
        assertEquals(List.of(new EnvVar("LOG_LEVEL", "info", null), new EnvVar("NEW_CHECKOUT_ENABLED", "false", null)),
                env("checkout", 0));

        compensate(id, 0).statusCode(200).body("steps[0].compensation.output",
                equalTo("removed NEW_CHECKOUT_ENABLED in container app of Deployment " + ns + "/checkout (it was unset)"));
        assertEquals(original, env("checkout", 0));
    }

    @Test
    void aVariableFromASecretIsRestoredAsTheSameReference() throws Exception {
        EnvVar fromSecret = new EnvVarBuilder().withName("PAYMENTS_MODE").withNewValueFrom().withNewSecretKeyRef()
                .withName("payments").withKey("mode").endSecretKeyRef().endValueFrom().build();
        Deployment checkout = new DeploymentBuilder(cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false))
                .editSpec().editTemplate().editSpec().editFirstContainer().addToEnv(fromSecret).endContainer().endSpec()
                .endTemplate().endSpec().build();
        server.getClient().apps().deployments().inNamespace(ns).resource(checkout).update();

        String id = runSteps(setEnv("PAYMENTS_MODE", "legacy", "container", "app")).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", containsString("(was taken from Secret payments key mode)"))
                .extract().path("id");
        assertEquals(new EnvVar("PAYMENTS_MODE", "legacy", null), env("checkout", 0).get(1));

        compensate(id, 0).statusCode(200).body("steps[0].compensation.error", nullValue());
        assertEquals(List.of(new EnvVar("LOG_LEVEL", "info", null), fromSecret), env("checkout", 0));
    }

    @Test
    void aVariableAlreadySetIsLeftAloneWithoutAPatch() throws Exception {
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false);
        String version = cluster.read(ns, "checkout").getMetadata().getResourceVersion();
        runSteps(setEnv("LOG_LEVEL", "info")).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("LOG_LEVEL is a masked value in container app of Deployment " + ns
                        + "/checkout"));
        assertEquals(version, cluster.read(ns, "checkout").getMetadata().getResourceVersion(), "not patched");
    }

    @Test
    void aPodWithSeveralContainersNeedsTheContainerNamedAndAWrongNameIsAClearError() throws Exception {
        Deployment checkout = new DeploymentBuilder(cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false))
                .editSpec().editTemplate().editSpec().addNewContainer().withName("envoy").withImage("envoyproxy/envoy:v1.30")
                .endContainer().endSpec().endTemplate().endSpec().build();
        server.getClient().apps().deployments().inNamespace(ns).resource(checkout).update();
        String version = cluster.read(ns, "checkout").getMetadata().getResourceVersion();

        runSteps(setEnv("LOG_LEVEL", "debug")).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("Deployment " + ns + "/checkout has 2 containers (app, envoy): name the one "
                        + "to change with the parameter 'container'"));
        runSteps(setEnv("LOG_LEVEL", "debug", "container", "sidecar")).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("Deployment " + ns + "/checkout has no container 'sidecar' (its containers: "
                        + "app, envoy)"));
        assertEquals(version, cluster.read(ns, "checkout").getMetadata().getResourceVersion(), "nothing changed");

        runSteps(setEnv("LOG_LEVEL", "debug", "container", "envoy")).body("status", equalTo("SUCCEEDED"));
        assertEquals(List.of(new EnvVar("LOG_LEVEL", "info", null)), env("checkout", 0), "the other container untouched");
        assertEquals(List.of(new EnvVar("LOG_LEVEL", "debug", null)), env("checkout", 1));
    }

    @Test
    void aMissingDeploymentFailsSayingSo() throws Exception {
        runSteps(setEnv("LOG_LEVEL", "debug")).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("Deployment " + ns + "/checkout does not exist"));
    }

    @Test
    void aDryRunOfSetEnvSaysWhatItWouldChangeAndChangesNothing() throws Exception {
        cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false);
        String version = cluster.read(ns, "checkout").getMetadata().getResourceVersion();
        run(dryRun(inline(TestPlans.newName("svc"), List.of(setEnv("LOG_LEVEL", "debug")))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("would set LOG_LEVEL to a masked value in container app of Deployment "
                        + ns + "/checkout (now a masked value), which rolls its pods"))
                .body("steps[0].after.variable.value", equalTo(masked("debug")));
        assertEquals(version, cluster.read(ns, "checkout").getMetadata().getResourceVersion());
    }

    @Test
    void aSecretValueIsNeverShownYetCompensationPutsTheOldOneBack() throws Exception {
        String old = "old-password-" + UUID.randomUUID();
        String rotated = "new-password-" + UUID.randomUUID();
        Deployment checkout = new DeploymentBuilder(cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false))
                .editSpec().editTemplate().editSpec().editFirstContainer().addNewEnv().withName("DB_PASSWORD")
                .withValue(old).endEnv().endContainer().endSpec().endTemplate().endSpec().build();
        server.getClient().apps().deployments().inNamespace(ns).resource(checkout).update();

        String id = runSteps(setEnv("DB_PASSWORD", rotated)).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.present", equalTo(true))
                .body("steps[0].before.variable.name", equalTo("DB_PASSWORD"))
                .body("steps[0].before.variable.value", equalTo(masked(old)))
                .body("steps[0].after.value", equalTo(masked(rotated)))
                .extract().path("id");
        assertEquals(new EnvVar("DB_PASSWORD", rotated, null), env("checkout", 0).get(1));

        String shown = TestExecutions.get(id).statusCode(200).extract().asString();
        assertFalse(shown.contains(old), "the old value is not in the execution: " + shown);
        assertFalse(shown.contains(rotated), "nor the new one: " + shown);

        String compensated = compensate(id, 0).statusCode(200).body("steps[0].compensation.error", nullValue())
                .body("steps[0].compensation.output", equalTo("set DB_PASSWORD back to a masked value"
                        + " in container app of Deployment " + ns + "/checkout"))
                .extract().asString();
        assertFalse(compensated.contains(old) || compensated.contains(rotated), compensated);
        assertEquals(new EnvVar("DB_PASSWORD", old, null), env("checkout", 0).get(1), "the real old value is back");
    }

    @Test
    void aReferenceToASecretIsShownByNameAndAnEmptyValueAsEmpty() throws Exception {
        EnvVar fromSecret = new EnvVarBuilder().withName("PAYMENTS_MODE").withNewValueFrom().withNewSecretKeyRef()
                .withName("payments").withKey("mode").endSecretKeyRef().endValueFrom().build();
        Deployment checkout = new DeploymentBuilder(cluster.deployment(ns, "checkout", "shop/checkout:1.5.0", 3, false))
                .editSpec().editTemplate().editSpec().editFirstContainer().addToEnv(fromSecret).endContainer().endSpec()
                .endTemplate().endSpec().build();
        server.getClient().apps().deployments().inNamespace(ns).resource(checkout).update();

        runSteps(setEnv("PAYMENTS_MODE", "")).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.variable.valueFrom.secretKeyRef.name", equalTo("payments"))
                .body("steps[0].before.variable.valueFrom.secretKeyRef.key", equalTo("mode"))
                .body("steps[0].after.value", equalTo(""))
                .body("steps[0].output", equalTo("set PAYMENTS_MODE to an empty value in container app of Deployment " + ns
                        + "/checkout (was taken from Secret payments key mode)"));
    }

    // ---- istio.setWeights --------------------------------------------------------------------------------------------

    /** A VirtualService as a canary release leaves it: a header route to the canary, and an 80/20 split. */
    private GenericKubernetesResource virtualService() {
        String yaml = """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata:
                  name: checkout
                  namespace: %s
                spec:
                  hosts:
                  - checkout
                  - checkout.shop.example.com
                  gateways:
                  - mesh
                  - shop/public-gateway
                  http:
                  - name: canary-testers
                    match:
                    - headers:
                        x-canary:
                          exact: "true"
                    route:
                    - destination:
                        host: checkout
                        subset: canary
                  - name: primary
                    route:
                    - destination:
                        host: checkout
                        subset: stable
                        port:
                          number: 8080
                      weight: 80
                    - destination:
                        host: checkout
                        subset: canary
                        port:
                          number: 8080
                      weight: 20
                    retries:
                      attempts: 3
                      perTryTimeout: 2s
                    timeout: 10s
                """.formatted(ns);
        GenericKubernetesResource vs = server.getClient().getKubernetesSerialization().unmarshal(yaml,
                GenericKubernetesResource.class);
        return server.getClient().genericKubernetesResources(IstioWeightsAction.VIRTUAL_SERVICE).inNamespace(ns)
                .resource(vs).create();
    }

    private GenericKubernetesResource readVirtualService() {
        return server.getClient().genericKubernetesResources(IstioWeightsAction.VIRTUAL_SERVICE).inNamespace(ns)
                .withName("checkout").get();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> routes() {
        Map<String, Object> spec = (Map<String, Object>) readVirtualService().getAdditionalProperties().get("spec");
        return (List<Map<String, Object>>) spec.get("http");
    }

    @SuppressWarnings("unchecked")
    private List<Object> weightsOf(int route) {
        return ((List<Map<String, Object>>) routes().get(route).get("route")).stream().map(d -> d.get("weight")).toList();
    }

    private Map<String, Object> weights(Object... params) {
        Object[] all = new Object[4 + params.length];
        System.arraycopy(new Object[] { "namespace", ns, "virtualService", "checkout" }, 0, all, 0, 4);
        System.arraycopy(params, 0, all, 4, params.length);
        return step("canary to zero", StepKind.ISTIO_SET_WEIGHTS, all);
    }

    @Test
    void canaryToZeroChangesOnlyTheNamedRoutesWeightsAndCompensationPutsThemBack() throws Exception {
        virtualService();
        List<Map<String, Object>> untouched = routes();
        ValidatableResponse done = runSteps(weights("route", "primary", "weights", Map.of("stable", 100, "canary", 0)));
        String id = done.extract().path("id");
        done.body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.weights.stable", equalTo(80))
                .body("steps[0].before.weights.canary", equalTo(20))
                .body("steps[0].after.weights.canary", equalTo(0))
                .body("steps[0].output", equalTo("changed the weights of VirtualService " + ns
                        + "/checkout from {canary=20, stable=80} to {canary=0, stable=100}"));
        assertEquals(List.of(100, 0), weightsOf(1));
        assertEquals(untouched.get(0), routes().get(0), "the other route is untouched");
        assertEquals(untouched.get(1).get("retries"), routes().get(1).get("retries"));
        assertEquals("10s", routes().get(1).get("timeout"));

        compensate(id, 0).statusCode(200).body("steps[0].compensation.error", nullValue());
        assertEquals(List.of(80, 20), weightsOf(1));
    }

    @Test
    void weightsAlreadyInPlaceAreLeftAloneWithoutAPatch() throws Exception {
        virtualService();
        String version = readVirtualService().getMetadata().getResourceVersion();
        runSteps(weights("route", "primary", "weights", Map.of("stable", 80, "canary", 20))).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("VirtualService " + ns + "/checkout splits {canary=20, stable=80}"));
        assertEquals(version, readVirtualService().getMetadata().getResourceVersion());
    }

    @Test
    void theRouteAndItsSubsetsMustBeNamedExactlyOrTheStepFailsChangingNothing() throws Exception {
        virtualService();
        String version = readVirtualService().getMetadata().getResourceVersion();
        runSteps(weights("weights", Map.of("stable", 100, "canary", 0))).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("VirtualService " + ns + "/checkout has 2 HTTP routes (canary-testers, "
                        + "primary): name the one to change with the parameter 'route'"));
        runSteps(weights("route", "main", "weights", Map.of("stable", 100, "canary", 0))).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("VirtualService " + ns + "/checkout has no HTTP route named 'main' (its "
                        + "routes: canary-testers, primary)"));
        runSteps(weights("route", "primary", "weights", Map.of("stable", 100))).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("weights name the subsets [stable] but the HTTP route of VirtualService "
                        + ns + "/checkout sends to [canary, stable]: name exactly its subsets"));
        runSteps(weights("route", "primary", "weights", Map.of("stable", 50, "blue", 50))).body("status", equalTo("FAILED"))
                .body("steps[0].error", containsString("weights name the subsets [blue, stable]"));
        assertEquals(version, readVirtualService().getMetadata().getResourceVersion(), "nothing changed");

        server.getClient().genericKubernetesResources(IstioWeightsAction.VIRTUAL_SERVICE).inNamespace(ns)
                .withName("checkout").delete();
        runSteps(weights("route", "primary", "weights", Map.of("stable", 100, "canary", 0))).body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("VirtualService " + ns + "/checkout does not exist"));
    }

    @Test
    void aRouteWithoutWeightsGetsThemAndCompensationRemovesThemAgain() throws Exception {
        virtualService();
        String id = runSteps(weights("route", "canary-testers", "weights", Map.of("canary", 100))).body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.weights.canary", nullValue())
                .extract().path("id");
        assertEquals(List.of(100), weightsOf(0));
        compensate(id, 0).statusCode(200).body("steps[0].compensation.error", nullValue());
        @SuppressWarnings("unchecked")
        Map<String, Object> destination = ((List<Map<String, Object>>) routes().get(0).get("route")).get(0);
        assertFalse(destination.containsKey("weight"), "no weight, as before: " + destination);
    }

    @Test
    void aDryRunOfSetWeightsChangesNothing() throws Exception {
        virtualService();
        String version = readVirtualService().getMetadata().getResourceVersion();
        run(dryRun(inline(TestPlans.newName("svc"), List.of(weights("route", "primary",
                "weights", Map.of("stable", 100, "canary", 0))))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("would change the weights of VirtualService " + ns
                        + "/checkout from {canary=20, stable=80} to {canary=0, stable=100}"));
        assertEquals(version, readVirtualService().getMetadata().getResourceVersion());
        assertFalse(weightsOf(1).contains(100));
    }
}
