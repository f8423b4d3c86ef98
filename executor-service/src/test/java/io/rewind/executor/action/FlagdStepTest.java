package io.rewind.executor.action;

import static io.restassured.RestAssured.given;
import static io.rewind.executor.TestExecutions.dryRun;
import static io.rewind.executor.TestExecutions.inline;
import static io.rewind.executor.TestExecutions.runToEnd;
import static io.rewind.executor.TestExecutions.start;
import static io.rewind.common.testing.Problems.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;

import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;
import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;
import io.rewind.executor.TestDeployments;
import io.rewind.executor.TestExecutions;
import io.rewind.executor.TestPlans;
import io.rewind.executor.TestTargets;
import io.rewind.executor.service.ExecutionWorker;

/**
 * {@code flag.disable} with flagd: the flag definitions in a ConfigMap of the fabric8 mock API server in CRUD mode, named
 * by a {@code flagd} target, read back after each step as flagd would read them.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class FlagdStepTest {

    private static final String FLAGS = """
            {
              "$schema": "https://flagd.dev/schema/v0/flags.json",
              "flags": {
                "new-cart": {
                  "state": "ENABLED",
                  "variants": { "on": true, "off": false },
                  "defaultVariant": "on",
                  "targeting": { "if": [ { "in": ["@example.com", { "var": ["email"] }] }, "on", "off" ] }
                },
                "dark-mode": { "state": "DISABLED", "variants": { "on": true, "off": false }, "defaultVariant": "off" }
              }
            }
            """;

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    ExecutionWorker worker;

    private final ObjectMapper json = new ObjectMapper();
    private KubernetesClient client;
    private String ns;
    /** A flagd target on the seeded ConfigMap and its flags entry, on the executor's own connection. */
    private String target;

    @BeforeEach
    void seed() {
        client = server.getClient();
        ns = TestDeployments.namespace();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("flags")
                .withNamespace(ns).endMetadata().addToData("flags.flagd.json", FLAGS).addToData("README", "flagd flags")
                .build()).create();
        target = TestTargets.define(TargetKind.FLAGD, Map.of("namespace", ns, "configMap", "flags",
                "key", "flags.flagd.json"));
    }

    @AfterEach
    void endWhatTheTestLeftRunning() throws Exception {
        TestExecutions.cancelAllActive();
    }

    private JsonNode flags() throws Exception {
        return json.readTree(client.configMaps().inNamespace(ns).withName("flags").get().getData().get("flags.flagd.json"))
                .get("flags");
    }

    private Map<String, Object> disable(String feature) {
        return disable(target, feature);
    }

    private static Map<String, Object> disable(String target, String feature) {
        return TestPlans.step("flag off", StepKind.FLAG_DISABLE.id(), target, Map.of("feature", feature));
    }

    private String version(String configMap) {
        return client.configMaps().inNamespace(ns).withName(configMap).get().getMetadata().getResourceVersion();
    }

    private ValidatableResponse run(Map<String, Object> body) throws Exception {
        String id = start(body).statusCode(202).extract().path("id");
        return runToEnd(worker, id);
    }

    private static ValidatableResponse compensate(String id) {
        return given().header("Authorization", TestKeys.bearer(Role.OPERATOR))
                .post("/api/executions/{id}/steps/{position}/compensate", id, 0).then();
    }

    @Test
    void disablesTheFlagLeavingTheRestAsItWasAndCompensationEnablesItAgain() throws Exception {
        JsonNode before = flags();
        ValidatableResponse execution = run(inline(TestPlans.newName("svc"), List.of(disable("new-cart"))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.enabled", equalTo(true))
                .body("steps[0].after.enabled", equalTo(false))
                .body("steps[0].output", equalTo("turned flagd flag 'new-cart' in ConfigMap " + ns
                        + "/flags (flags.flagd.json) off"));
        JsonNode after = flags();
        assertEquals("DISABLED", after.get("new-cart").get("state").asText());
        assertEquals(before.get("new-cart").get("targeting"), after.get("new-cart").get("targeting"));
        assertEquals(before.get("dark-mode"), after.get("dark-mode"));
        assertEquals("flagd flags", client.configMaps().inNamespace(ns).withName("flags").get().getData().get("README"));

        compensate(execution.extract().path("id")).statusCode(200)
                .body("steps[0].compensation.output", containsString("turned flagd flag 'new-cart'"))
                .body("steps[0].compensation.error", nullValue());
        assertEquals("ENABLED", flags().get("new-cart").get("state").asText());
    }

    @Test
    void aFlagAlreadyOffIsLeftAloneAndStaysOffWhenCompensated() throws Exception {
        String version = client.configMaps().inNamespace(ns).withName("flags").get().getMetadata().getResourceVersion();
        String id = run(inline(TestPlans.newName("svc"), List.of(disable("dark-mode"))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].before.enabled", equalTo(false))
                .body("steps[0].output", containsString("'dark-mode'"))
                .body("steps[0].output", containsString("is off")).extract().path("id");
        compensate(id).statusCode(200).body("steps[0].compensation.output", containsString("was off before the step: left off"));
        assertEquals(version, client.configMaps().inNamespace(ns).withName("flags").get().getMetadata().getResourceVersion(),
                "the ConfigMap was never written");
        assertEquals("DISABLED", flags().get("dark-mode").get("state").asText());
    }

    @Test
    void aDryRunChangesNothingAndSaysWhatItWouldTurnOff() throws Exception {
        String version = client.configMaps().inNamespace(ns).withName("flags").get().getMetadata().getResourceVersion();
        run(dryRun(inline(TestPlans.newName("svc"), List.of(disable("new-cart")))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("would turn flagd flag 'new-cart' in ConfigMap " + ns
                        + "/flags (flags.flagd.json) off"));
        assertEquals(version, client.configMaps().inNamespace(ns).withName("flags").get().getMetadata().getResourceVersion());
        assertEquals("ENABLED", flags().get("new-cart").get("state").asText());
    }

    @Test
    void anUnknownFlagFailsTheStepNamingIt() throws Exception {
        run(inline(TestPlans.newName("svc"), List.of(disable("no-such-flag"))))
                .body("status", equalTo("FAILED"))
                .body("reason", containsString("ConfigMap " + ns + "/flags key flags.flagd.json defines no flag 'no-such-flag'"));
    }

    @Test
    void withoutAKeyTheTargetUsesTheConfigMapsOnlyEntryAndRefusesToGuessAmongSeveral() throws Exception {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("single")
                .withNamespace(ns).endMetadata().addToData("flags.json", FLAGS).build()).create();
        String single = TestTargets.define(TargetKind.FLAGD, Map.of("namespace", ns, "configMap", "single"));
        run(inline(TestPlans.newName("svc"), List.of(disable(single, "new-cart"))))
                .body("status", equalTo("SUCCEEDED"))
                .body("steps[0].output", equalTo("turned flagd flag 'new-cart' in ConfigMap " + ns + "/single off"));
        assertEquals("DISABLED", json.readTree(client.configMaps().inNamespace(ns).withName("single").get().getData()
                .get("flags.json")).get("flags").get("new-cart").get("state").asText());

        String version = version("flags");
        String unkeyed = TestTargets.define(TargetKind.FLAGD, Map.of("namespace", ns, "configMap", "flags"));
        run(inline(TestPlans.newName("svc"), List.of(disable(unkeyed, "new-cart"))))
                .body("status", equalTo("FAILED"))
                .body("steps[0].error", equalTo("ConfigMap " + ns + "/flags has 2 entries (README, flags.flagd.json); an admin"
                        + " must name the one holding the flags as key of target '" + unkeyed + "'"));
        assertEquals(version, version("flags"), "nothing was written");
    }

    @Test
    void aStepCannotPointTheTargetAtAnotherConfigMap() throws Exception {
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("other-team")
                .withNamespace(ns).endMetadata().addToData("flags.flagd.json", FLAGS).build()).create();
        String version = version("other-team");
        Map<String, Object> params = Map.of("feature", "new-cart", "namespace", ns, "configMap", "other-team");
        assertProblem(start(inline(TestPlans.newName("svc"), List.of(TestPlans.step("flag off", StepKind.FLAG_DISABLE.id(),
                target, params)))), 400, "validation");
        assertEquals(version, version("other-team"));
        assertEquals("ENABLED", flags().get("new-cart").get("state").asText());
    }
}
