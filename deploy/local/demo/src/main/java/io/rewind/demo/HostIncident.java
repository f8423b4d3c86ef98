package io.rewind.demo;

import static io.rewind.demo.Rest.bearer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rewind.local.LocalPm2;
import io.rewind.local.LocalProcess;

/**
 * The host variant (seed 004's "PM2/systemd"): the shop deployed the traditional way, a Node app in a real Git working
 * copy checked out at its release tag and kept running by a real PM2. Release v2 fails every fifth request; the error
 * rate customers see is measured and reported, decided, and executor-service's {@code host.rollback} checks out the
 * previous tag, runs the install command and restarts the process under PM2, then a smoke test checks v1 answers.
 */
final class HostIncident {

    static final String PLAN = "shop-host-rollback";
    static final String HOST_TARGET = "shop-host";
    static final String SITE_TARGET = "shop-host-site";
    static final String PROCESS = "shop";

    private final Narrator story;
    private final Rest rest = new Rest();
    private final LocalTargets targets;
    private final Suite suite;
    private final Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    HostIncident(Narrator story, LocalTargets targets, Suite suite, Path work) {
        this.story = story;
        this.targets = targets;
        this.suite = suite;
        this.work = work;
    }

    Outcome play() throws Exception {
        story.chapter("HOST VARIANT: a Node app in a Git working copy under PM2 (seed 004, PM2/systemd)");
        targets.startPostgres();
        story.say("PostgreSQL " + targets.pgVersion() + " on port " + targets.pgPort);
        // Stopped with the other peers when the demo ends, after the end-to-end test has looked.
        LocalPm2 pm2 = targets.started(LocalPm2.under(work));
        {
            Path app = Files.createDirectories(work.resolve("shop-host"));
            int port = LocalProcess.freePort();
            release(app, port);
            story.say("Git working copy " + app + ": tags v1 and v2 on branch main");
            git(app, "checkout", "--quiet", "v2");
            LocalProcess.run(List.of("node", "install.js"), app, Map.of());
            pm2.start(app.resolve("server.js"), PROCESS);
            String url = "http://127.0.0.1:" + port;
            awaitAnswer(url, "shop v2");
            story.say("release v2 deployed the traditional way: git checkout v2, node install.js, pm2 start server.js --name "
                    + PROCESS + " (PM2_HOME " + pm2.home() + "); it answers on " + url);

            suite.start(targets, Map.of());
            suite.readyAfter.forEach((service, after) -> story.say(service + " ready after " + Narrator.seconds(after)));
            rest.post(suite.url("status-service") + "/api/admin/components", bearer(suite.adminKey),
                    Map.of("name", "Checkout", "status", "operational"));

            story.chapter("Getting ready: the host target and its plan");
            ObjectNode spec = Rest.object().put("workingCopy", app.toString()).put("manager", "pm2").put("process", PROCESS)
                    .put("pm2Home", pm2.home().toString()).put("pm2Binary", LocalPm2.binary().toString())
                    .put("allowedTags", "v*").put("stableSeconds", 2);
            spec.putArray("install").add("node").add("install.js");
            JsonNode host = rest.put(suite.url("executor-service") + "/api/targets/" + HOST_TARGET, bearer(suite.adminKey),
                    ShopIncident.target("host", "The shop's working copy on this host, run by PM2", spec), 201);
            JsonNode site = rest.put(suite.url("executor-service") + "/api/targets/" + SITE_TARGET, bearer(suite.adminKey),
                    ShopIncident.target("http", "The shop as customers reach it", Rest.object().put("baseUrl", url)), 201);
            story.say("the admin defines where executor-service may act (PUT /api/targets/{name}): programs, working copy"
                    + " and install command are the target's; a step only says which tag");
            story.block(ShopIncident.describeTarget(host) + "\n" + ShopIncident.describeTarget(site));
            JsonNode plan = rest.post(suite.url("executor-service") + "/api/plans", bearer(suite.adminKey), plan());
            story.say("plan '" + PLAN + "' v" + plan.path("version").asInt() + " stored: "
                    + ShopIncident.stepNames(plan.path("steps")));
            story.say(ShopIncident.mapPlans(rest, suite, "shop", Map.of("REVERT_DEPLOYMENT", PLAN)));

            story.chapter("Incident, decision");
            double errorRate = measure(url, 50);
            story.say("customers' requests to v2: " + String.format("%.1f %%", errorRate) + " fail (50 requests measured)");
            ObjectNode signals = Rest.object().put("service", "shop").put("severity", "P1").put("usersAffectedPercent", 20)
                    .put("timeToFixMinutes", 120).put("dataMigration", "NONE").put("openIssues", 1).put("workaround", "NONE")
                    .put("errorRatePercent", errorRate).put("baselineErrorRatePercent", 0.0);
            signals.putObject("release").put("from", "v1").put("to", "v2");
            ObjectNode report = Rest.object().put("title", "Checkout errors after shop v2 on the host")
                    .put("detectedAt", OffsetDateTime.now().toString());
            report.set("signals", signals);
            JsonNode incident = rest.post(suite.url("decision-service") + "/api/incidents", bearer(suite.operatorKey), report);
            String incidentId = incident.path("id").asText();
            story.say("incident " + incidentId + ": " + incident.path("assessment").path("summary").asText());
            story.say("decision: " + incident.path("assessment").path("decision").asText() + ", strategy "
                    + incident.path("assessment").path("strategy").path("kind").asText() + ", carried out by plan '"
                    + incident.path("rollback").path("plan").asText() + "' as the policy maps it");
            story.say(ShopIncident.approveIfAsked(rest, suite, incident, "Roll back v2 on the host."));

            story.chapter("Rollback on the host");
            FollowedRollback followed = FollowedRollback.follow(story, rest, suite, incidentId);
            String executionId = followed.executionId();
            JsonNode ended = followed.incident();

            JsonNode execution = rest.get(suite.url("executor-service") + "/api/executions/" + executionId,
                    bearer(suite.operatorKey));
            JsonNode rollback = execution.path("steps").path(1);
            LocalPm2.Instance instance = pm2.instance(PROCESS);
            Outcome outcome = new Outcome(suite, app, url, incidentId, executionId, ended.path("status").asText(),
                    git(app, "describe", "--tags", "--exact-match"), Files.readString(app.resolve("installed.txt")).strip(),
                    instance == null ? "missing" : instance.status(), answer(url), measure(url, 20),
                    rollback.path("before").path("tag").asText(), rollback.path("after").path("tag").asText());
            story.say("host now: working copy at " + outcome.tag() + ", installed " + outcome.installed() + ", PM2 process '"
                    + PROCESS + "' " + outcome.pm2Status() + ", it answers '" + outcome.answer() + "', "
                    + String.format("%.1f %%", outcome.errorRateAfter()) + " of 20 requests fail; the step recorded "
                    + outcome.tagBefore() + " -> " + outcome.tagAfter());
            outcome.check();
            return outcome;
        }
    }

    /** What the rollback left; {@code app} is the working copy and {@code url} where the shop answers. */
    record Outcome(Suite suite, Path app, String url, String incidentId, String executionId, String incidentStatus, String tag, String installed,
            String pm2Status, String answer, double errorRateAfter, String tagBefore, String tagAfter) {

        void check() {
            List<String> wrong = new ArrayList<>();
            if (!incidentStatus.equals("RESOLVED")) {
                wrong.add("incident is " + incidentStatus);
            }
            if (!tag.equals("v1") || !installed.equals("1.0.0")) {
                wrong.add("working copy at " + tag + ", installed " + installed);
            }
            if (!pm2Status.equals("online") || !"shop v1".equals(answer) || errorRateAfter > 0) {
                wrong.add("PM2 process " + pm2Status + ", answering '" + answer + "' with " + errorRateAfter + " % errors");
            }
            if (!tagBefore.equals("v2") || !tagAfter.equals("v1")) {
                wrong.add("the step recorded " + tagBefore + " -> " + tagAfter);
            }
            if (!wrong.isEmpty()) {
                throw new Rest.Failure("the rollback did not leave the expected state: " + String.join("; ", wrong));
            }
        }
    }

    private ObjectNode plan() {
        ObjectNode plan = Rest.object().put("name", PLAN).put("service", "shop")
                .put("description", "Seed 004's PM2 rollback: previous tag, install, restart, smoke test");
        ArrayNode steps = plan.putArray("steps");
        ShopIncident.step(steps, "tell customers", "status.update", null, Map.of("status", "identified", "message",
                "Some checkouts fail since today's release; we are rolling it back."));
        ShopIncident.step(steps, "previous release", "host.rollback", HOST_TARGET, Map.of("tag", "previous"));
        ShopIncident.step(steps, "smoke test", "verify.http", SITE_TARGET, Map.of("path", "/", "expectStatus", 200,
                "bodyContains", "shop v1", "retries", 5));
        ShopIncident.step(steps, "resolved", "status.update", null,
                Map.of("status", "resolved", "message", "Checkout works normally again."));
        return plan;
    }

    /** Two releases of the shop on branch main, tagged v1 and v2; v2 fails every fifth request. */
    private static void release(Path app, int port) throws IOException, InterruptedException {
        Files.writeString(app.resolve("port"), String.valueOf(port));
        Files.writeString(app.resolve(".gitignore"), "installed.txt\nport\nnode_modules/\n");
        git(app, "init", "--quiet", "--initial-branch=main");
        for (String version : List.of("v1", "v2")) {
            Files.writeString(app.resolve("package.json"), "{\"name\": \"shop\", \"version\": \"" + version.substring(1)
                    + ".0.0\", \"private\": true}\n");
            Files.writeString(app.resolve("install.js"),
                    "require('fs').writeFileSync('installed.txt', require('./package.json').version);\n");
            Files.writeString(app.resolve("server.js"), """
                    const fs = require('fs');
                    const port = Number(fs.readFileSync(__dirname + '/port', 'utf8'));
                    const failEvery = %d;
                    let requests = 0;
                    require('http').createServer((req, res) => {
                        requests++;
                        if (failEvery > 0 && requests %% failEvery === 0) {
                            res.statusCode = 500;
                            return res.end('shop %s: checkout failed');
                        }
                        res.end('shop %s');
                    }).listen(port, '127.0.0.1');
                    """.formatted(version.equals("v2") ? 5 : 0, version, version));
            git(app, "add", "-A");
            git(app, "-c", "user.name=Release", "-c", "user.email=release@shop.example", "commit", "--quiet", "-m",
                    "Release " + version);
            git(app, "-c", "user.name=Release", "-c", "user.email=release@shop.example", "tag", "-a", version, "-m", version);
        }
    }

    private static String git(Path app, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("git"));
        argv.addAll(List.of(args));
        return LocalProcess.run(argv, app, Map.of()).strip();
    }

    /** The percentage of {@code requests} GETs that did not answer 200. */
    private double measure(String url, int requests) {
        int failed = 0;
        for (int i = 0; i < requests; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    failed++;
                }
            } catch (IOException e) {
                failed++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Rest.Failure("interrupted");
            }
        }
        return 100.0 * failed / requests;
    }

    private String answer(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + "/")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void awaitAnswer(String url, String prefix) {
        Rest.poll("the shop on PM2", Duration.ofSeconds(30), () -> {
            String answer = answer(url);
            return answer == null ? Rest.object() : Rest.object().put("answer", answer);
        }, a -> a.path("answer").asText().startsWith(prefix));
    }
}
