package io.rewind.demo;

import static io.rewind.demo.Rest.bearer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rewind.sample.SampleApp;

/**
 * The demo's incident, against real local targets: the shop's v2 is released (pre-deploy backup, migration, feature
 * flag, traffic switched) and recorded with its preflight, fails 20 % of its requests, a Prometheus alert rule fires
 * through Alertmanager and opens the incident, the decided strategy's plan rolls it all back, people are told on a
 * Slack-style webhook and by e-mail, and the status page tells customers along the way.
 */
final class ShopIncident {

    static final String SERVICE = "shop";
    static final String FEATURE = "new-checkout";
    static final String PLAN = "shop-rollback";
    static final String FLAG_PLAN = "shop-flag-off";
    static final String NGINX_TARGET = "shop-nginx";
    static final String FLAGS_TARGET = "shop-flags";
    static final String DATABASE_TARGET = "shop-db";
    static final String SITE_TARGET = "shop-site";
    static final String METRICS_TARGET = "prometheus";
    static final String ERROR_RATE = "(sum(rate(http_requests_total{job=\"shop\",code=~\"5..\"}[10s])) or vector(0))"
            + " / sum(rate(http_requests_total{job=\"shop\"}[10s])) * 100";

    private final Narrator story;
    private final Rest rest = new Rest();
    private final LocalTargets targets;
    private final Suite suite;
    private final Path sampleAppJar;
    private Receivers receivers;

    ShopIncident(Narrator story, LocalTargets targets, Suite suite, Path sampleAppJar) {
        this.story = story;
        this.targets = targets;
        this.suite = suite;
        this.sampleAppJar = sampleAppJar;
    }

    Outcome play() throws Exception {
        try (Receivers receiving = new Receivers()) {
            receivers = receiving;
            return stage();
        }
    }

    private Outcome stage() throws Exception {
        story.chapter("1. The stage: real targets on 127.0.0.1");
        targets.startPostgres();
        story.say("PostgreSQL " + targets.pgVersion() + " on port " + targets.pgPort + " (databases rewind, shop, unleash)");
        String version = SampleApp.migrate(targets.shopJdbcUrl(), "shop", LocalTargets.SHOP_PASSWORD, "1");
        story.say("shop schema migrated by Flyway to version " + version + " (500 orders)");
        targets.startShop(sampleAppJar);
        story.say("shop v1 on port " + targets.shopV1Port + ", shop v2 on port " + targets.shopV2Port
                + " (v2 fails every fifth request)");
        targets.startNginx();
        story.say("nginx on " + targets.shopUrl() + ", upstream: v1");
        targets.startPrometheus();
        story.say("Prometheus on " + targets.prometheusUrl() + ", scraping both versions every second");
        targets.startUnleash();
        story.say("Unleash on " + targets.unleashUrl());
        suite.start(targets, Map.of());
        suite.readyAfter.forEach((service, after) -> story.say(service + " ready on " + suite.url(service) + " after "
                + Narrator.seconds(after)));
        targets.startAlertmanager(decision("/api/alerts/alertmanager"), suite.alertmanagerKey);
        story.say("Alertmanager on " + targets.alertmanagerUrl() + ", sending to decision-service's receiver with the"
                + " key of 'alertmanager' (an operator) from a file; Prometheus evaluates the shop's alert rule every second");
        story.say("a Slack-style webhook receiver on 127.0.0.1:" + receivers.slackPort + " and an SMTP server (GreenMail)"
                + " on 127.0.0.1:" + receivers.smtpPort + " stand in for the team's Slack and mail");

        story.chapter("2. Getting ready: the targets, the flag, the status page, the backups, the rollback plan");
        story.say("the admin tells executor-service where it may act and with which credentials (PUT /api/targets/{name});"
                + " secrets by reference to files of mode 600 under " + targets.passwordFile.getParent());
        story.block(defineTargets());
        createFlag();
        story.say("Unleash flag '" + FEATURE + "' created, off");
        JsonNode component = rest.post(status("/api/admin/components"), bearer(suite.adminKey), Map.of("name", "Checkout",
                "description", "Browsing, cart and payment", "status", "operational"));
        story.say("status page component 'Checkout' (" + component.path("status").asText() + ")");
        // serviceRestores: the admin lets executor-service's key restore this database (as a plan's restore step does);
        // without it only people may.
        rest.post(backup("/api/databases"), bearer(suite.adminKey), Map.ofEntries(Map.entry("name", SERVICE),
                Map.entry("host", "127.0.0.1"), Map.entry("port", targets.pgPort), Map.entry("database", "shop"),
                Map.entry("username", "shop"), Map.entry("password", Map.of("file", targets.passwordFile.toString())),
                Map.entry("criticalTables", List.of("shop.orders")), Map.entry("backupCron", "0 0 * * * ?"),
                Map.entry("verificationCron", "0 30 3 * * ?"), Map.entry("maxBackupAgeHours", 4),
                Map.entry("serviceRestores", true)));
        story.say("database 'shop' registered with backup-service (critical table shop.orders; plans may restore it)");
        JsonNode plan = rest.post(executor("/api/plans"), bearer(suite.adminKey), plan());
        story.say("rollback plan '" + PLAN + "' v" + plan.path("version").asInt() + " stored; each step names its target"
                + " and says only what to do there: " + stepNames(plan.path("steps")));
        JsonNode flagPlan = rest.post(executor("/api/plans"), bearer(suite.adminKey), flagPlan());
        story.say("plan '" + FLAG_PLAN + "' stored: " + stepNames(flagPlan.path("steps")));
        story.say(mapPlans(rest, suite, SERVICE, Map.of("BLUE_GREEN_SWITCHBACK", PLAN, "FEATURE_FLAG_DISABLE", FLAG_PLAN)));
        story.block(notifications());

        story.chapter("3. Release v2");
        JsonNode backup = preDeployBackup();
        String migrated = SampleApp.migrate(targets.shopJdbcUrl(), "shop", LocalTargets.SHOP_PASSWORD, "2");
        story.say("migration applied: shop schema at version " + migrated + " (orders.gift_message)");
        unleash("POST", "/api/admin/projects/default/features/" + FEATURE + "/environments/development/on", null);
        story.say("flag '" + FEATURE + "' on");
        recordRelease();
        try (Traffic traffic = new Traffic(targets.shopUrl() + "/", 25)) {
            Thread.sleep(1500);
            Traffic.Counts beforeRelease = traffic.counts();
            targets.switchNginxTo(targets.shopV2Port);
            OffsetDateTime releasedAt = OffsetDateTime.now();
            story.say("nginx switched to v2 (green) at " + releasedAt.toLocalTime().withNano(0) + " and reloaded; customers"
                    + " send 25 requests a second (before the release: " + beforeRelease + ")");

            story.chapter("4. Detection and decision");
            story.say("Prometheus rule ShopCheckoutErrors: the shop's error rate > 10 % for 3 s fires to Alertmanager,"
                    + " which posts it to POST /api/alerts/alertmanager");
            JsonNode incident = awaitIncident(Duration.ofMinutes(3));
            story.say("incident " + incident.path("id").asText() + " opened from the alert (source "
                    + incident.path("source").asText() + "): '" + incident.path("title").asText() + "'; the release record"
                    + " completed its signals: " + incident.path("signals").path("release") + ", dataMigration "
                    + incident.path("signals").path("dataMigration").asText() + ", blueGreen "
                    + incident.path("signals").path("blueGreen").asText());
            JsonNode assessment = incident.path("assessment");
            story.say("decision: " + assessment.path("decision").asText() + " (impact score "
                    + assessment.path("impactScore").asText() + "), strategy " + assessment.path("strategy").path("kind").asText()
                    + ", carried out by plan '" + incident.path("rollback").path("plan").asText() + "' as the policy maps it");
            story.block(criteria(assessment));
            story.say(assessment.path("summary").asText());
            String incidentId = incident.path("id").asText();
            story.say(approveIfAsked(rest, suite, incident, "Error rate 20 % since v2; rolling back."));

            story.chapter("5. Rollback");
            String executionId = awaitExecution(incidentId);
            story.say("executor-service execution " + executionId + " accepted (Idempotency-Key = incident id)");
            Traffic.Counts atRollback = traffic.counts();
            followExecution(executionId);
            JsonNode resolved = awaitIncidentStatus(incidentId, s -> s.equals("RESOLVED") || s.equals("FAILED"),
                    Duration.ofMinutes(2));
            story.say("incident " + resolved.path("status").asText());
            Thread.sleep(1500);
            Traffic.Counts after = traffic.counts().since(atRollback);
            Traffic.Counts incidentTraffic = atRollback.since(beforeRelease);

            story.chapter("6. After");
            Outcome outcome = new Outcome(incidentId, executionId, backup.path("id").asText(), suite, targets);
            story.say("customers, from the release until executor-service took the plan: " + incidentTraffic
                    + "; since then: " + after);
            JsonNode summary = rest.get(status("/api/v2/summary.json"), null);
            for (JsonNode c : summary.path("components")) {
                story.say("status page: " + c.path("name").asText() + " " + c.path("status").asText());
            }
            JsonNode publicIncidents = rest.get(status("/api/v2/incidents.json"), null).path("incidents");
            for (JsonNode i : publicIncidents) {
                story.say("status page incident '" + i.path("name").asText() + "': " + i.path("status").asText() + ", "
                        + i.path("incident_updates").size() + " updates");
            }
            story.say("shop schema version " + targets.shopSchemaVersion() + "; flag '" + FEATURE + "' "
                    + (flagEnabled() ? "on" : "off") + "; nginx serves: "
                    + rest.text(targets.shopUrl() + "/", null).strip());
            JsonNode deliveries = awaitNotifications(incidentId);
            for (String message : receivers.slackMessages()) {
                story.say("Slack-style webhook received:");
                story.block(message.strip());
            }
            for (String mail : receivers.mails()) {
                story.say("e-mail received " + mail);
            }
            story.say("decision-service recorded " + deliveries.size() + " deliveries: " + deliveryStates(deliveries));
            String postmortem = rest.text(decision("/api/incidents/" + incidentId + "/postmortem"), bearer(suite.operatorKey));
            story.chapter("7. Post-mortem draft (GET /api/incidents/" + incidentId + "/postmortem)");
            story.block(postmortem.strip());
            outcome.check(this);
            return outcome;
        }
    }

    /** The final state every service must show; the demo fails when any does not hold. */
    record Outcome(String incidentId, String executionId, String backupId, Suite suite, LocalTargets targets) {

        void check(ShopIncident demo) throws Exception {
            List<String> wrong = new ArrayList<>();
            Rest rest = demo.rest;
            String viewer = bearer(suite.operatorKey);
            JsonNode incident = rest.get(suite.url("decision-service") + "/api/incidents/" + incidentId, viewer);
            expect(wrong, "incident status", "RESOLVED", incident.path("status").asText());
            expect(wrong, "incident source", "ALERT", incident.path("source").asText());
            expect(wrong, "decided strategy", "BLUE_GREEN_SWITCHBACK", incident.path("rollback").path("strategy").asText());
            expect(wrong, "plan run", PLAN, incident.path("rollback").path("plan").asText());
            boolean slack = demo.receivers.slackMessages().stream().anyMatch(m -> m.contains("ROLLBACK IN PROGRESS"));
            expect(wrong, "Slack message 'ROLLBACK IN PROGRESS'", "received", slack ? "received" : "missing");
            boolean complete = demo.receivers.slackMessages().stream().anyMatch(m -> m.contains("ROLLBACK COMPLETE"));
            expect(wrong, "Slack message 'ROLLBACK COMPLETE'", "received", complete ? "received" : "missing");
            expect(wrong, "e-mails", "received", demo.receivers.mails().isEmpty() ? "none" : "received");
            JsonNode execution = rest.get(suite.url("executor-service") + "/api/executions/" + executionId, viewer);
            expect(wrong, "execution status", "SUCCEEDED", execution.path("status").asText());
            expect(wrong, "execution's steps", "the stored plan's",
                    execution.path("breakGlass").asBoolean() ? "inline (break glass)" : "the stored plan's");
            for (JsonNode step : execution.path("steps")) {
                expect(wrong, "step " + step.path("name").asText(), "SUCCEEDED", step.path("status").asText());
            }
            JsonNode verifications = rest.get(suite.url("backup-service") + "/api/backups/" + backupId + "/verifications", viewer);
            expect(wrong, "pre-deploy backup verification", "VERIFIED", verifications.path(0).path("status").asText());
            for (JsonNode i : rest.get(suite.url("status-service") + "/api/v2/incidents.json", null).path("incidents")) {
                expect(wrong, "public incident '" + i.path("name").asText() + "'", "resolved", i.path("status").asText());
            }
            for (JsonNode c : rest.get(suite.url("status-service") + "/api/v2/components.json", null).path("components")) {
                expect(wrong, "component " + c.path("name").asText(), "operational", c.path("status").asText());
            }
            expect(wrong, "shop schema version", "1", targets.shopSchemaVersion());
            expect(wrong, "flag " + FEATURE, "off", demo.flagEnabled() ? "on" : "off");
            expect(wrong, "nginx upstream", "shop v1", rest.text(targets.shopUrl() + "/", null).strip());
            if (!wrong.isEmpty()) {
                throw new Rest.Failure("the rollback did not leave the expected state: " + String.join("; ", wrong));
            }
        }

        private static void expect(List<String> wrong, String what, String expected, String actual) {
            if (!expected.equals(actual)) {
                wrong.add(what + " is " + actual + ", expected " + expected);
            }
        }
    }

    private JsonNode preDeployBackup() {
        JsonNode backup = rest.post(backup("/api/databases/shop/backups"), bearer(suite.operatorKey),
                Map.of("reason", "pre-deploy", "releaseTag", "v2"));
        String id = backup.path("id").asText();
        JsonNode done = Rest.poll("backup " + id, Duration.ofMinutes(2), () -> rest.get(backup("/api/backups/" + id),
                bearer(suite.operatorKey)), b -> !b.path("status").asText().matches("PENDING|RUNNING"));
        if (!done.path("status").asText().equals("SUCCEEDED")) {
            throw new Rest.Failure("pre-deploy backup " + done.path("status").asText() + ": " + done.path("error").asText());
        }
        story.say("pre-deploy backup " + id + ": " + done.path("size").asLong() + " bytes, sha256 "
                + done.path("sha256").asText().substring(0, 12) + "…, schema version " + done.path("schemaVersion").asText()
                + ", counts " + done.path("tableCounts"));
        rest.post(backup("/api/backups/" + id + "/verifications"), bearer(suite.operatorKey), Rest.object());
        JsonNode verification = Rest.poll("verification of " + id, Duration.ofMinutes(2),
                () -> rest.get(backup("/api/backups/" + id + "/verifications"), bearer(suite.operatorKey)).path(0),
                v -> v.path("status").asText().matches("VERIFIED|FAILED"));
        if (!verification.path("status").asText().equals("VERIFIED")) {
            throw new Rest.Failure("pre-deploy backup verification FAILED: " + verification.path("error").asText());
        }
        List<String> phases = new ArrayList<>();
        verification.path("phases").forEach(p -> phases.add(p.path("name").asText() + " " + p.path("status").asText()));
        story.say("verified by restoring it into a scratch database: " + String.join(", ", phases));
        JsonNode readiness = rest.get(backup("/api/databases/shop/readiness"), bearer(suite.operatorKey));
        story.say("backup readiness: " + (readiness.path("ready").asBoolean() ? "ready" : "NOT ready " + readiness.path("reasons")));
        return backup;
    }

    private ObjectNode plan() {
        String downScript;
        try (InputStream in = SampleApp.class.getClassLoader().getResourceAsStream(SampleApp.DOWN_SCRIPTS + "/V2__gift_message.sql")) {
            downScript = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode plan = Rest.object().put("name", PLAN).put("service", SERVICE)
                .put("description", "Seed 004 for the shop: traffic back to v1, the flag off, V2 migrated down, verified");
        ArrayNode steps = plan.putArray("steps");
        step(steps, "tell customers", "status.update", null, Map.of("status", "identified", "impact", "major", "components",
                Map.of("Checkout", "partial_outage"), "message",
                "Some checkouts fail since today's release. We have found the cause and are rolling the release back."));
        step(steps, "traffic back to v1", "nginx.switchUpstream", NGINX_TARGET,
                Map.of("upstream", List.of("127.0.0.1:" + targets.shopV1Port)));
        step(steps, "flag off", "flag.disable", FLAGS_TARGET, Map.of("feature", FEATURE));
        step(steps, "migrate V2 down", "postgres.downMigration", DATABASE_TARGET, Map.of("script", downScript,
                "expectedVersionBefore", "2", "expectedVersionAfter", "1"));
        step(steps, "smoke test", "verify.http", SITE_TARGET, Map.of("path", "/", "expectStatus", 200,
                "bodyContains", "shop v1", "retries", 5));
        step(steps, "let the error-rate window drain", "wait", null, Map.of("duration", "PT12S"));
        step(steps, "error rate below 1 %", "verify.metric", METRICS_TARGET,
                Map.of("query", ERROR_RATE, "operator", "lt", "threshold", 1));
        step(steps, "monitoring", "status.update", null, Map.of("status", "monitoring", "components",
                Map.of("Checkout", "operational"), "message",
                "The release has been rolled back and checkouts succeed again. We are monitoring."));
        step(steps, "resolved", "status.update", null, Map.of("status", "resolved", "message",
                "Checkout works normally. We are sorry for the failed orders."));
        return plan;
    }

    /** A plan step; {@code target} is null for the kinds that act only inside Rewind (status.update, wait). */
    static void step(ArrayNode steps, String name, String kind, String target, Map<String, Object> params) {
        ObjectNode step = steps.addObject().put("name", name).put("kind", kind);
        if (target != null) {
            step.put("target", target);
        }
        step.set("params", Rest.JSON.valueToTree(params));
    }

    /**
     * What an admin configures once, before any plan: every program, file, URL and credential the plan's steps use.
     * Returns them as executor-service shows them to anyone with a key, secrets as references, with whether each
     * reference resolves on executor-service.
     */
    private String defineTargets() {
        Map<String, ObjectNode> definitions = new LinkedHashMap<>();
        ObjectNode nginx = Rest.object().put("includeFile", targets.upstreamInclude().toString())
                .put("binary", LocalTargets.NGINX).put("prefix", targets.nginxPrefix().toString())
                .put("config", targets.nginxConfig().toString());
        definitions.put(NGINX_TARGET, target("nginx", "The shop's nginx: the include file of its upstream block", nginx));
        ObjectNode unleash = Rest.object().put("url", targets.unleashUrl());
        unleash.putObject("token").put("file", targets.unleashTokenFile.toString());
        unleash.put("project", "default").put("environment", "development");
        definitions.put(FLAGS_TARGET, target("unleash", "The shop's feature flags in Unleash, development environment",
                unleash));
        ObjectNode database = Rest.object().put("url", targets.shopJdbcUrl()).put("username", "shop");
        database.putObject("password").put("file", targets.passwordFile.toString());
        database.put("historyTable", "shop.flyway_schema_history");
        definitions.put(DATABASE_TARGET, target("postgres", "The shop's own database, migrated by Flyway", database));
        definitions.put(SITE_TARGET, target("http", "The shop as customers reach it, through nginx",
                Rest.object().put("baseUrl", targets.shopUrl())));
        definitions.put(METRICS_TARGET, target("prometheus", "The Prometheus that scrapes the shop",
                Rest.object().put("url", targets.prometheusUrl())));
        StringBuilder shown = new StringBuilder();
        definitions.forEach((name, definition) -> {
            JsonNode target = rest.put(executor("/api/targets/" + name), bearer(suite.adminKey), definition, 201);
            shown.append(describeTarget(target)).append('\n');
        });
        return shown.toString().stripTrailing();
    }

    static ObjectNode target(String kind, String description, ObjectNode spec) {
        ObjectNode target = Rest.object().put("kind", kind).put("description", description);
        target.set("spec", spec);
        return target;
    }

    /** One line per target: name, kind, its spec's settings, and for each secret reference whether it resolves. */
    static String describeTarget(JsonNode target) {
        List<String> settings = new ArrayList<>();
        target.path("spec").properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (value.isObject()) {
                return;
            }
            settings.add(field.getKey() + " " + (value.isArray() ? join(value) : value.asText()));
        });
        for (JsonNode secret : target.path("secrets")) {
            JsonNode reference = secret.path("reference");
            String where = reference.has("file") ? "file " + reference.path("file").asText()
                    : "variable " + reference.path("env").asText();
            settings.add(secret.path("field").asText() + " from " + where + " ("
                    + (secret.path("resolvable").asBoolean() ? "readable by executor-service" : "NOT readable by executor-service")
                    + ")");
        }
        return String.format("%-13s %-11s %s", target.path("name").asText(), target.path("kind").asText(),
                String.join("; ", settings));
    }

    private static String join(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return String.join(", ", items);
    }

    /** A smaller plan, for when only the flag is to blame: FEATURE_FLAG_DISABLE's. */
    private ObjectNode flagPlan() {
        ObjectNode plan = Rest.object().put("name", FLAG_PLAN).put("service", SERVICE)
                .put("description", "Seed 002's feature-flag disable for the shop: the flag off, the shop answers");
        ArrayNode steps = plan.putArray("steps");
        step(steps, "flag off", "flag.disable", FLAGS_TARGET, Map.of("feature", FEATURE));
        step(steps, "smoke test", "verify.http", SITE_TARGET, Map.of("path", "/", "expectStatus", 200, "retries", 5));
        return plan;
    }

    /**
     * The admin maps rollback strategies to the service's plans (the policy's {@code plans}): a decision runs the plan
     * of its strategy, and a strategy without one is held for a human. Returns a line for the story.
     */
    static String mapPlans(Rest rest, Suite suite, String service, Map<String, String> plans) {
        String url = suite.url("decision-service") + "/api/policies/" + service;
        ObjectNode rules = (ObjectNode) rest.get(url, bearer(suite.operatorKey)).path("rules").deepCopy();
        rules.set("plans", Rest.JSON.valueToTree(plans));
        JsonNode stored = rest.put(url, bearer(suite.adminKey), Map.of("rules", rules,
                "comment", "map each rollback strategy to its plan"), 200);
        return "policy v" + stored.path("version").asInt() + " of " + service + " maps strategies to plans: "
                + stored.path("rules").path("plans") + " (no plan, no automatic rollback: a human is asked)";
    }

    /** Approves as the on-call lead when the decision asks for an approval; says who approved it otherwise. */
    static String approveIfAsked(Rest rest, Suite suite, JsonNode incident, String comment) {
        if (!incident.path("status").asText().equals("PENDING_APPROVAL")) {
            return "approval: " + incident.path("assessment").path("approval").path("reason").asText() + " (incident "
                    + incident.path("status").asText() + ", authorised by "
                    + incident.path("decisionRecord").path("authorisedBy").asText() + ")";
        }
        rest.post(suite.url("decision-service") + "/api/incidents/" + incident.path("id").asText() + "/approve",
                bearer(suite.approverKey), Map.of("comment", comment));
        return "needed " + incident.path("approval").path("level").asText() + " by " + incident.path("approval").path("dueAt")
                .asText() + ": approved by on-call-lead";
    }

    /**
     * The admin configures where people are told: a Slack incoming webhook (its URL is a secret, by reference to a
     * file), an e-mail channel on the team's SMTP server, and seed 004's contacts in their escalation order.
     */
    private String notifications() throws IOException {
        Path slackUrl = targets.secretFile("slack-webhook.url", receivers.slackUrl());
        ObjectNode slack = Rest.object().put("kind", "slack").put("description", "#shop-incidents");
        slack.putObject("slack").putObject("webhookUrl").put("file", slackUrl.toString());
        rest.put(decision("/api/notification-channels/shop-slack"), bearer(suite.adminKey), slack, 201);
        ObjectNode mail = Rest.object().put("kind", "email").put("description", "the on-call rota's mailboxes");
        mail.putObject("email").put("host", "127.0.0.1").put("port", receivers.smtpPort).put("tls", "NONE")
                .put("from", "rewind@shop.example");
        rest.put(decision("/api/notification-channels/shop-mail"), bearer(suite.adminKey), mail, 201);
        List<Map<String, Object>> contacts = List.of(
                Map.of("role", "On-call Engineer", "name", "Ada", "order", 1, "email", List.of("ada@shop.example")),
                Map.of("role", "Engineering Lead", "name", "Grace", "order", 2, "email", List.of("grace@shop.example")),
                Map.of("role", "DevOps Lead", "name", "Linus", "order", 3, "email", List.of("linus@shop.example")),
                Map.of("role", "CTO", "name", "Barbara", "order", 4, "email", List.of("barbara@shop.example")));
        rest.put(decision("/api/escalation-policies/" + SERVICE), bearer(suite.adminKey), Map.of("contacts", contacts), 201);
        return "notification channels: shop-slack (Slack incoming webhook, URL from file " + slackUrl + ")\n"
                + "                       shop-mail (SMTP 127.0.0.1:" + receivers.smtpPort + ")\n"
                + "escalation order for shop: 1 On-call Engineer Ada, 2 Engineering Lead Grace, 3 DevOps Lead Linus, 4 CTO Barbara";
    }

    /**
     * Records the release with decision-service: what it deployed, the version it replaces (the last known good), how
     * (blue-green: v1 keeps running behind nginx), its reversible migration, and seed 003's preflight on it.
     */
    private void recordRelease() {
        ObjectNode release = Rest.object().put("service", SERVICE).put("version", "v2").put("lastKnownGood", "v1")
                .put("image", "shop:v2").put("migration", "REVERSIBLE")
                .put("downMigration", "plan " + PLAN + ", step 'migrate V2 down' (V2__gift_message)")
                .put("blueGreen", true).put("database", SERVICE);
        JsonNode recorded = rest.post(decision("/api/releases"), bearer(suite.operatorKey), release);
        String id = recorded.path("id").asText();
        JsonNode done = Rest.poll("the preflight of release v2", Duration.ofMinutes(2),
                () -> rest.get(decision("/api/releases/" + id), bearer(suite.operatorKey)),
                r -> !r.path("status").asText().matches("PENDING|RUNNING|PREFLIGHT_RUNNING"));
        List<String> checks = new ArrayList<>();
        done.path("preflight").forEach(c -> checks.add(c.path("name").asText() + " " + c.path("outcome").asText()
                + " (" + c.path("reason").asText() + ")"));
        story.say("release v2 recorded (last known good v1, blue-green, reversible migration): " + done.path("status").asText()
                + "; preflight " + String.join(", ", checks));
    }

    /**
     * The rollback's messages reach their receivers a moment after it ends: the notifier sends from its outbox. Waits
     * until its start and its end have each been delivered (or have failed) on both channels; the deliveries.
     */
    private JsonNode awaitNotifications(String incidentId) throws InterruptedException {
        String url = decision("/api/notifications?incident=" + incidentId + "&limit=100");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode deliveries = rest.get(url, bearer(suite.operatorKey));
        while (System.nanoTime() < deadline) {
            int settled = 0;
            for (JsonNode d : deliveries) {
                if (d.path("event").asText().startsWith("EXECUTION_") && !d.path("state").asText().equals("PENDING")) {
                    settled++;
                }
            }
            if (settled >= 4) {
                return deliveries;
            }
            Thread.sleep(500);
            deliveries = rest.get(url, bearer(suite.operatorKey));
        }
        story.say("not every notification was sent within 60 s (Outcome.check says which)");
        return deliveries;
    }

    private static String deliveryStates(JsonNode deliveries) {
        Map<String, Integer> states = new java.util.TreeMap<>();
        deliveries.forEach(d -> states.merge(d.path("channel").asText() + " " + d.path("event").asText() + " "
                + d.path("state").asText(), 1, Integer::sum));
        List<String> lines = new ArrayList<>();
        states.forEach((k, n) -> lines.add(k + (n > 1 ? " x" + n : "")));
        return String.join("; ", lines);
    }

    private void createFlag() {
        unleash("POST", "/api/admin/projects/default/features", Map.of("name", FEATURE, "type", "release"));
        unleash("POST", "/api/admin/projects/default/features/" + FEATURE + "/environments/development/strategies",
                Map.of("name", "default", "constraints", List.of(), "parameters", Map.of()));
    }

    boolean flagEnabled() {
        JsonNode feature = rest.get(targets.unleashUrl() + "/api/admin/projects/default/features/" + FEATURE,
                LocalTargets.UNLEASH_TOKEN);
        for (JsonNode env : feature.path("environments")) {
            if (env.path("name").asText().equals("development")) {
                return env.path("enabled").asBoolean();
            }
        }
        throw new Rest.Failure("Unleash has no development environment for " + FEATURE);
    }

    private void unleash(String method, String path, Object body) {
        String url = targets.unleashUrl() + path;
        Object payload = body == null ? Rest.object() : body;
        if (method.equals("POST")) {
            rest.post(url, LocalTargets.UNLEASH_TOKEN, payload, 200, 201, 202, 204);
        } else {
            rest.put(url, LocalTargets.UNLEASH_TOKEN, payload, 200, 201, 202, 204);
        }
    }

    private JsonNode awaitIncident(Duration patience) {
        return Rest.poll("an incident for " + SERVICE, patience, () -> {
            JsonNode list = rest.get(decision("/api/incidents?service=" + SERVICE), bearer(suite.operatorKey));
            return list.size() > 0 ? rest.get(decision("/api/incidents/" + list.get(0).path("id").asText()),
                    bearer(suite.operatorKey)) : null;
        }, i -> i != null);
    }

    private String awaitExecution(String incidentId) {
        return Rest.poll("the execution of incident " + incidentId, Duration.ofMinutes(1),
                () -> rest.get(decision("/api/incidents/" + incidentId), bearer(suite.operatorKey)),
                i -> !i.path("rollback").path("executionId").isMissingNode() && !i.path("rollback").path("executionId").isNull())
                .path("rollback").path("executionId").asText();
    }

    private JsonNode awaitIncidentStatus(String incidentId, Predicate<String> done, Duration patience) {
        return Rest.poll("incident " + incidentId + " to end", patience,
                () -> rest.get(decision("/api/incidents/" + incidentId), bearer(suite.operatorKey)),
                i -> done.test(i.path("status").asText()));
    }

    /** Prints each step as executor-service reports it, live, from its event stream. */
    private void followExecution(String executionId) {
        JsonNode execution = rest.get(executor("/api/executions/" + executionId), bearer(suite.operatorKey));
        story.say("it runs the stored plan " + execution.path("planId").asText() + " (" + execution.path("steps").size()
                + " steps" + (execution.path("breakGlass").asBoolean() ? ", BREAK GLASS: inline steps" : "") + ")");
        List<String> onTarget = new ArrayList<>();
        execution.path("steps").forEach(s -> onTarget.add(s.hasNonNull("target") ? " on " + s.path("target").asText() : ""));
        rest.events(executor("/api/executions/" + executionId + "/events"), bearer(suite.operatorKey), event -> {
            if (event.path("type").asText().equals("execution")) {
                story.say("execution " + event.path("executionStatus").asText()
                        + (event.hasNonNull("reason") ? ": " + event.path("reason").asText() : ""));
                return;
            }
            String status = event.path("status").asText();
            if (status.equals("PENDING")) {
                return;
            }
            int position = event.path("position").asInt();
            String line = "step " + (position + 1) + " " + event.path("name").asText() + " (" + event.path("kind").asText()
                    + (position < onTarget.size() ? onTarget.get(position) : "") + "): " + status;
            if (event.hasNonNull("output") && !status.equals("RUNNING")) {
                line += " - " + event.path("output").asText();
            }
            if (event.hasNonNull("error")) {
                line += " - " + event.path("error").asText();
            }
            story.say(line);
            if (event.path("position").asInt() == 0 && status.equals("SUCCEEDED")) {
                JsonNode page = rest.get(status("/api/v2/summary.json"), null);
                story.say("status page now: \"" + page.path("status").path("description").asText() + "\", Checkout "
                        + page.path("components").path(0).path("status").asText());
            }
        });
    }

    private static String criteria(JsonNode assessment) {
        StringBuilder text = new StringBuilder();
        for (JsonNode c : assessment.path("criteria")) {
            text.append(String.format("%-21s %-12s %s%n", c.path("name").asText(), c.path("verdict").asText(),
                    c.path("reason").asText()));
        }
        return text.toString().stripTrailing();
    }

    /** "status.update → nginx.switchUpstream on shop-nginx → ...". */
    static String stepNames(JsonNode steps) {
        List<String> names = new ArrayList<>();
        steps.forEach(s -> names.add(s.path("kind").asText() + (s.hasNonNull("target") ? " on " + s.path("target").asText() : "")));
        return String.join(" → ", names);
    }

    private String decision(String path) {
        return suite.url("decision-service") + path;
    }

    private String executor(String path) {
        return suite.url("executor-service") + path;
    }

    private String backup(String path) {
        return suite.url("backup-service") + path;
    }

    private String status(String path) {
        return suite.url("status-service") + path;
    }
}
