package io.rewind.demo;

import static io.rewind.demo.Rest.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The end-to-end test: the demo's stories, with the four services started from their packaged jars, and the final state
 * read back from each service's own API while everything still runs. The demo checks its own outcome too; these
 * assertions are the test's, independent of it.
 */
class DemoIT {

    private static final Path ROOT = Demo.findRoot();
    private final Rest rest = new Rest();

    @Test
    void the_shop_incident_is_detected_decided_approved_rolled_back_and_told() throws Exception {
        AtomicReference<List<String>> checked = new AtomicReference<>();
        String story = play(false, outcome -> checked.set(assertShop((ShopIncident.Outcome) outcome)));
        assertEquals(List.of("decision", "executor", "backup", "status", "targets"), checked.get());
        assertTrue(story.contains("Post-mortem draft"), story);
        assertTrue(story.contains("from detection to verified rollback"), story);
    }

    @Test
    void the_kubernetes_variant_undoes_scales_and_switches_in_the_mock_cluster() throws Exception {
        AtomicReference<KubernetesIncident.Outcome> seen = new AtomicReference<>();
        String story = play(true, outcome -> seen.set((KubernetesIncident.Outcome) outcome));
        assertTrue(story.contains("KUBERNETES VARIANT: against fabric8's mock API server"), story);
        KubernetesIncident.Outcome outcome = seen.get();
        assertEquals("RESOLVED", outcome.incidentStatus());
        assertEquals("registry.example.com/shop:v1", outcome.image());
        assertEquals(0, outcome.canaryReplicas());
        assertEquals("blue", outcome.serviceColor());
    }

    private static String play(boolean kubernetes, java.util.function.Consumer<Object> assertions) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        Path work = ROOT.resolve("deploy/local/demo/target/demo-it-" + (kubernetes ? "kubernetes" : "shop"));
        Demo.run(ROOT, work, kubernetes, both, assertions);
        return captured.toString(StandardCharsets.UTF_8);
    }

    private List<String> assertShop(ShopIncident.Outcome outcome) {
        Suite suite = outcome.suite();
        String key = bearer(suite.operatorKey);
        List<String> checked = new ArrayList<>();

        JsonNode incident = rest.get(suite.url("decision-service") + "/api/incidents/" + outcome.incidentId(), key);
        assertEquals("RESOLVED", incident.path("status").asText());
        assertEquals("ANALYSIS", incident.path("source").asText());
        assertEquals("ROLLBACK", incident.path("assessment").path("decision").asText());
        assertEquals(1, incident.path("approvals").size());
        assertEquals("on-call-lead", incident.path("approvals").path(0).path("by").asText());
        assertEquals(outcome.executionId(), incident.path("rollback").path("executionId").asText());
        assertEquals(1, rest.get(suite.url("decision-service") + "/api/incidents?service=shop", key).size(),
                "one failed analysis opens one incident");
        checked.add("decision");

        JsonNode executions = rest.get(suite.url("executor-service") + "/api/executions?target=shop", key);
        assertEquals(1, executions.size(), "one execution for the incident: " + executions);
        JsonNode execution = rest.get(suite.url("executor-service") + "/api/executions/" + outcome.executionId(), key);
        assertEquals("SUCCEEDED", execution.path("status").asText());
        List<String> kinds = new ArrayList<>();
        for (JsonNode step : execution.path("steps")) {
            assertEquals("SUCCEEDED", step.path("status").asText(), step.toString());
            assertFalse(step.hasNonNull("error"), step.toString());
            kinds.add(step.path("kind").asText());
        }
        assertEquals(List.of("status.update", "nginx.switchUpstream", "flag.disable", "postgres.downMigration", "verify.http",
                "wait", "verify.metric", "status.update", "status.update"), kinds);
        checked.add("executor");

        JsonNode backup = rest.get(suite.url("backup-service") + "/api/backups/" + outcome.backupId(), key);
        assertEquals("SUCCEEDED", backup.path("status").asText());
        assertEquals("pre-deploy", backup.path("reason").asText());
        assertEquals("1", backup.path("schemaVersion").asText());
        assertEquals(500, backup.path("tableCounts").path("shop.orders").asInt());
        assertEquals("VERIFIED", rest.get(suite.url("backup-service") + "/api/backups/" + outcome.backupId()
                + "/verifications", key).path(0).path("status").asText());
        checked.add("backup");

        JsonNode incidents = rest.get(suite.url("status-service") + "/api/v2/incidents.json", null).path("incidents");
        assertEquals(1, incidents.size(), "one public incident: " + incidents);
        assertEquals("resolved", incidents.path(0).path("status").asText());
        List<String> updates = new ArrayList<>();
        incidents.path(0).path("incident_updates").forEach(u -> updates.add(u.path("status").asText()));
        // Statuspage lists updates newest first; each status.update step posted exactly once.
        assertEquals(List.of("resolved", "monitoring", "identified"), updates);
        JsonNode summary = rest.get(suite.url("status-service") + "/api/v2/summary.json", null);
        assertEquals("none", summary.path("status").path("indicator").asText());
        summary.path("components").forEach(c -> assertEquals("operational", c.path("status").asText(), c.toString()));
        checked.add("status");

        LocalTargets targets = outcome.targets();
        try {
            assertEquals("1", targets.shopSchemaVersion());
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        assertEquals("shop v1", rest.text(targets.shopUrl() + "/", null).strip());
        checked.add("targets");
        return checked;
    }
}
