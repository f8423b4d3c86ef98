package io.rewind.demo;

import static io.rewind.demo.Rest.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    void the_shop_incident_is_alerted_decided_rolled_back_by_its_strategys_plan_and_told() throws Exception {
        AtomicReference<List<String>> checked = new AtomicReference<>();
        String story = play(Demo.Variant.SHOP, outcome -> checked.set(assertShop((ShopIncident.Outcome) outcome)));
        assertEquals(List.of("decision", "executor", "backup", "status", "targets"), checked.get());
        assertTrue(story.contains("Post-mortem draft"), story);
        assertTrue(story.contains("from detection to verified rollback"), story);
    }

    @Test
    void the_kubernetes_variant_undoes_scales_and_switches_in_the_mock_cluster() throws Exception {
        AtomicReference<KubernetesIncident.Outcome> seen = new AtomicReference<>();
        String story = play(Demo.Variant.KUBERNETES, outcome -> seen.set((KubernetesIncident.Outcome) outcome));
        assertTrue(story.contains("KUBERNETES VARIANT: against fabric8's mock API server"), story);
        KubernetesIncident.Outcome outcome = seen.get();
        assertEquals("RESOLVED", outcome.incidentStatus());
        assertEquals("registry.example.com/shop:v1", outcome.image());
        assertEquals(0, outcome.canaryReplicas());
        assertEquals("blue", outcome.serviceColor());
        assertEquals(Arrays.asList(null, "shop-cluster", "shop-cluster", "shop-cluster", null), outcome.stepTargets(),
                "each Kubernetes step names the admin's target; status.update takes none");
    }

    @Test
    void the_host_variant_checks_out_the_previous_tag_installs_and_restarts_under_pm2() throws Exception {
        AtomicReference<HostIncident.Outcome> seen = new AtomicReference<>();
        String story = play(Demo.Variant.HOST, outcome -> {
            HostIncident.Outcome o = (HostIncident.Outcome) outcome;
            seen.set(o);
            String key = bearer(o.suite().operatorKey);
            JsonNode incident = rest.get(o.suite().url("decision-service") + "/api/incidents/" + o.incidentId(), key);
            assertEquals("RESOLVED", incident.path("status").asText());
            assertEquals(HostIncident.PLAN, incident.path("rollback").path("plan").asText());
            JsonNode execution = rest.get(o.suite().url("executor-service") + "/api/executions/" + o.executionId(), key);
            assertEquals("SUCCEEDED", execution.path("status").asText());
            JsonNode rollback = execution.path("steps").path(1);
            assertEquals("host.rollback", rollback.path("kind").asText());
            assertEquals(HostIncident.HOST_TARGET, rollback.path("target").asText());
            assertEquals("v2", rollback.path("before").path("tag").asText());
            assertEquals("v1", rollback.path("after").path("tag").asText());
            try {
                Process git = new ProcessBuilder("git", "-C", o.app().toString(), "describe", "--tags", "--exact-match")
                        .redirectErrorStream(true).start();
                assertEquals("v1", new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
                java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(o.url() + "/")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals("shop v1", answer.body());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(story.contains("HOST VARIANT"), story);
        assertEquals("online", seen.get().pm2Status());
    }

    private static String play(Demo.Variant variant, java.util.function.Consumer<Object> assertions) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                System.out.write(b);
            }
        }, true, StandardCharsets.UTF_8);
        Path work = ROOT.resolve("deploy/local/demo/target/demo-it-" + variant.name().toLowerCase(java.util.Locale.ROOT));
        Demo.run(ROOT, work, variant, both, assertions);
        return captured.toString(StandardCharsets.UTF_8);
    }

    private List<String> assertShop(ShopIncident.Outcome outcome) {
        Suite suite = outcome.suite();
        String key = bearer(suite.operatorKey);
        List<String> checked = new ArrayList<>();

        JsonNode incident = rest.get(suite.url("decision-service") + "/api/incidents/" + outcome.incidentId(), key);
        assertEquals("RESOLVED", incident.path("status").asText());
        assertEquals("ALERT", incident.path("source").asText());
        assertEquals("ROLLBACK", incident.path("assessment").path("decision").asText());
        // An error rate above 10 % is an immediate trigger: approved as a critical incident, none (post-mortem after).
        assertEquals(0, incident.path("approvals").size());
        assertTrue(incident.path("decisionRecord").path("authorisedBy").asText().startsWith("policy v"), incident.toString());
        assertEquals("BLUE_GREEN_SWITCHBACK", incident.path("rollback").path("strategy").asText());
        assertEquals(ShopIncident.PLAN, incident.path("rollback").path("plan").asText());
        assertEquals("v1", incident.path("signals").path("release").path("from").asText(), "the release record's versions");
        assertEquals("v2", incident.path("signals").path("release").path("to").asText());
        assertEquals(outcome.executionId(), incident.path("rollback").path("executionId").asText());
        assertEquals(1, rest.get(suite.url("decision-service") + "/api/incidents?service=shop", key).size(),
                "one firing alert (however often Alertmanager repeats it) opens one incident");
        List<String> told = new ArrayList<>();
        rest.get(suite.url("decision-service") + "/api/notifications?incident=" + outcome.incidentId() + "&limit=100", key)
                .forEach(d -> told.add(d.path("channel").asText() + " " + d.path("event").asText() + " " + d.path("state").asText()));
        for (String channel : List.of("shop-slack", "shop-mail")) {
            for (String event : List.of("EXECUTION_STARTED", "EXECUTION_FINISHED")) {
                assertTrue(told.contains(channel + " " + event + " DELIVERED"), "deliveries: " + told);
            }
        }
        checked.add("decision");

        JsonNode executions = rest.get(suite.url("executor-service") + "/api/executions?target=shop", key);
        assertEquals(1, executions.size(), "one execution for the incident: " + executions);
        JsonNode execution = rest.get(suite.url("executor-service") + "/api/executions/" + outcome.executionId(), key);
        assertEquals("SUCCEEDED", execution.path("status").asText());
        assertFalse(execution.path("breakGlass").asBoolean(), "decision-service ran the stored plan, not inline steps");
        List<String> kinds = new ArrayList<>();
        List<String> stepTargets = new ArrayList<>();
        StringBuilder params = new StringBuilder();
        for (JsonNode step : execution.path("steps")) {
            params.append(step.path("params"));
            assertEquals("SUCCEEDED", step.path("status").asText(), step.toString());
            assertFalse(step.hasNonNull("error"), step.toString());
            kinds.add(step.path("kind").asText());
            stepTargets.add(step.hasNonNull("target") ? step.path("target").asText() : null);
        }
        assertEquals(List.of("status.update", "nginx.switchUpstream", "flag.disable", "postgres.downMigration", "verify.http",
                "wait", "verify.metric", "status.update", "status.update"), kinds);
        assertEquals(Arrays.asList(null, "shop-nginx", "shop-flags", "shop-db", "shop-site", null, "prometheus", null, null),
                stepTargets, "each step that acts outside Rewind names the target the admin defined");
        // Where and with what the steps acted is the targets' alone: no step's params carry a path, a URL or a credential.
        LocalTargets targets = outcome.targets();
        for (String configured : List.of(targets.upstreamInclude().toString(), LocalTargets.NGINX, targets.unleashUrl(),
                targets.shopUrl(), targets.prometheusUrl(), targets.shopJdbcUrl(), targets.unleashTokenFile.toString(),
                targets.passwordFile.toString())) {
            assertFalse(params.toString().contains(configured), "a step's params name " + configured + ": " + params);
        }
        String steps = execution.path("steps").toString();

        // The targets show secrets as references that resolve on executor-service, never their values.
        JsonNode defined = rest.get(suite.url("executor-service") + "/api/targets", key);
        Map<String, String> kindsByTarget = new TreeMap<>();
        defined.forEach(t -> kindsByTarget.put(t.path("name").asText(), t.path("kind").asText()));
        assertEquals(Map.of("shop-nginx", "nginx", "shop-flags", "unleash", "shop-db", "postgres", "shop-site", "http",
                "prometheus", "prometheus"), kindsByTarget);
        String shown = defined.toString() + steps;
        assertFalse(shown.contains(LocalTargets.UNLEASH_TOKEN), "the Unleash token is shown: " + shown);
        assertFalse(shown.contains(LocalTargets.SHOP_PASSWORD), "the shop's database password is shown: " + shown);
        JsonNode flags = rest.get(suite.url("executor-service") + "/api/targets/shop-flags", key);
        assertEquals(targets.unleashTokenFile.toString(), flags.path("spec").path("token").path("file").asText());
        assertTrue(flags.path("secrets").path(0).path("resolvable").asBoolean(), flags.toString());
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(targets.unleashTokenFile)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
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
