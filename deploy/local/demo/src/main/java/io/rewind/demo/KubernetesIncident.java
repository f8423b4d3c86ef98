package io.rewind.demo;

import static io.rewind.demo.Rest.bearer;

import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * The Kubernetes variant, against fabric8's mock API server in CRUD mode (no real cluster runs here): the shop's
 * Deployment at revision 2 (the bad v2) with the ReplicaSets a cluster keeps, a canary Deployment, and a blue/green
 * Service pointing at green. An incident is reported, decided and approved; executor-service undoes the rollout with
 * kubectl's semantics, scales the canary to zero and switches the Service back to blue. The mock server stores what
 * it is sent but runs no controllers, so no pods roll and rollout status is not checked here.
 */
final class KubernetesIncident {

    static final String NAMESPACE = "shop";
    static final String PLAN = "shop-kubernetes-rollback";
    static final String CLUSTER_TARGET = "shop-cluster";

    private final Narrator story;
    private final Rest rest = new Rest();
    private final LocalTargets targets;
    private final Suite suite;

    KubernetesIncident(Narrator story, LocalTargets targets, Suite suite) {
        this.story = story;
        this.targets = targets;
        this.suite = suite;
    }

    Outcome play() throws Exception {
        story.chapter("KUBERNETES VARIANT: against fabric8's mock API server (CRUD mode), not a real cluster");
        targets.startPostgres();
        story.say("PostgreSQL " + targets.pgVersion() + " on port " + targets.pgPort);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        int port = Processes.freePort();
        server.init(InetAddress.getLoopbackAddress(), port);
        try (KubernetesClient client = server.createClient()) {
            String apiServer = "http://127.0.0.1:" + port;
            story.say("mock Kubernetes API on " + apiServer);
            seed(client);
            story.say("namespace shop: Deployment shop at revision 2 (shop:v2) with ReplicaSets for revisions 1 and 2;"
                    + " Deployment shop-canary with 2 replicas; Service shop selecting color=green");
            suite.start(targets, Map.of("executor-service", List.of(
                    "-Dquarkus.kubernetes-client.api-server-url=" + apiServer,
                    "-Dquarkus.kubernetes-client.trust-certs=true",
                    "-Dquarkus.kubernetes-client.namespace=" + NAMESPACE)));
            suite.readyAfter.forEach((service, after) -> story.say(service + " ready after " + Narrator.seconds(after)));

            rest.post(suite.url("status-service") + "/api/admin/components", bearer(suite.adminKey),
                    Map.of("name", "Checkout", "status", "operational"));
            // No kubeconfig reference: the target uses executor-service's own connection (in a cluster, its
            // ServiceAccount; here the mock API server it was started against).
            ObjectNode spec = Rest.object();
            spec.putArray("namespaces").add(NAMESPACE);
            JsonNode target = rest.put(suite.url("executor-service") + "/api/targets/" + CLUSTER_TARGET, bearer(suite.adminKey),
                    ShopIncident.target("kubernetes", "The shop's namespace, through executor-service's own connection",
                            spec), 201);
            story.say("target defined by the admin (PUT /api/targets/" + CLUSTER_TARGET + "), without a kubeconfig reference:"
                    + " executor-service's own connection");
            story.block(ShopIncident.describeTarget(target));
            JsonNode plan = rest.post(suite.url("executor-service") + "/api/plans", bearer(suite.adminKey), plan());
            story.say("plan '" + PLAN + "' v" + plan.path("version").asInt() + " stored: "
                    + ShopIncident.stepNames(plan.path("steps")));
            JsonNode history = rest.get(suite.url("executor-service") + "/api/kubernetes/shop/deployments/shop/history",
                    bearer(suite.operatorKey));
            List<String> revisions = new ArrayList<>();
            for (JsonNode r : history.path("revisions")) {
                revisions.add("revision " + r.path("revision").asInt() + " " + r.path("images").path(0).asText() + " ("
                        + r.path("changeCause").asText() + (r.path("current").asBoolean() ? ", current" : "") + ")");
            }
            story.say("GET /api/kubernetes/shop/deployments/shop/history: " + String.join("; ", revisions));

            story.say(ShopIncident.mapPlans(rest, suite, "shop", Map.of("REVERT_DEPLOYMENT", PLAN, "BLUE_GREEN_SWITCHBACK", PLAN)));

            story.chapter("Incident, decision, approval");
            ObjectNode signals = Rest.object().put("service", "shop").put("severity", "P1").put("usersAffectedPercent", 30)
                    .put("timeToFixMinutes", 120).put("dataMigration", "NONE").put("openIssues", 2).put("workaround", "NONE")
                    .put("errorRatePercent", 14.0).put("baselineErrorRatePercent", 0.3).put("blueGreen", true);
            signals.putObject("release").put("from", "v1").put("to", "v2");
            ObjectNode report = Rest.object().put("title", "Checkout errors after shop v2").put("detectedAt",
                    OffsetDateTime.now().toString());
            report.set("signals", signals);
            JsonNode incident = rest.post(suite.url("decision-service") + "/api/incidents", bearer(suite.operatorKey), report);
            String incidentId = incident.path("id").asText();
            story.say("incident " + incidentId + ": " + incident.path("assessment").path("summary").asText());
            story.say(ShopIncident.approveIfAsked(rest, suite, incident, "Roll back v2 in the cluster."));

            story.chapter("Rollback in the (mock) cluster");
            FollowedRollback followed = FollowedRollback.follow(story, rest, suite, incidentId);
            String executionId = followed.executionId();
            JsonNode ended = followed.incident();

            List<String> stepTargets = new ArrayList<>();
            rest.get(suite.url("executor-service") + "/api/executions/" + executionId, bearer(suite.operatorKey))
                    .path("steps").forEach(step -> stepTargets.add(step.hasNonNull("target") ? step.path("target").asText() : null));
            Deployment shop = client.apps().deployments().inNamespace(NAMESPACE).withName("shop").get();
            Outcome outcome = new Outcome(incidentId, executionId, stepTargets,
                    shop.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
                    client.apps().deployments().inNamespace(NAMESPACE).withName("shop-canary").get().getSpec().getReplicas(),
                    client.services().inNamespace(NAMESPACE).withName("shop").get().getSpec().getSelector().get("color"),
                    ended.path("status").asText());
            story.say("cluster now: shop runs " + outcome.image() + " (revision annotation "
                    + shop.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision")
                    + ": no controller runs in the mock to bump it), shop-canary has "
                    + outcome.canaryReplicas() + " replicas, Service shop selects color=" + outcome.serviceColor());
            outcome.check();
            return outcome;
        } finally {
            server.destroy();
        }
    }

    /** @param stepTargets the target each step of the execution named, in order; null for steps that take none */
    record Outcome(String incidentId, String executionId, List<String> stepTargets, String image, Integer canaryReplicas,
            String serviceColor, String incidentStatus) {

        void check() {
            List<String> wrong = new ArrayList<>();
            if (!incidentStatus.equals("RESOLVED")) {
                wrong.add("incident is " + incidentStatus);
            }
            if (!image.equals("registry.example.com/shop:v1")) {
                wrong.add("shop runs " + image);
            }
            if (canaryReplicas == null || canaryReplicas != 0) {
                wrong.add("shop-canary has " + canaryReplicas + " replicas");
            }
            if (!"blue".equals(serviceColor)) {
                wrong.add("Service shop selects " + serviceColor);
            }
            if (!wrong.isEmpty()) {
                throw new Rest.Failure("the rollback did not leave the expected state: " + String.join("; ", wrong));
            }
        }
    }

    private ObjectNode plan() {
        ObjectNode plan = Rest.object().put("name", PLAN).put("service", "shop")
                .put("description", "Seed 002 section 4 in Kubernetes: undo, canary to zero, blue-green back");
        ArrayNode steps = plan.putArray("steps");
        ShopIncident.step(steps, "tell customers", "status.update", null, Map.of("status", "identified", "message",
                "Some checkouts fail since today's release; we are rolling it back."));
        ShopIncident.step(steps, "undo the rollout", "kubernetes.undo", CLUSTER_TARGET,
                Map.of("namespace", NAMESPACE, "deployment", "shop"));
        ShopIncident.step(steps, "canary to zero", "kubernetes.scale", CLUSTER_TARGET,
                Map.of("namespace", NAMESPACE, "deployment", "shop-canary", "replicas", 0));
        ShopIncident.step(steps, "traffic back to blue", "kubernetes.switchService", CLUSTER_TARGET,
                Map.of("namespace", NAMESPACE, "service", "shop", "selector", Map.of("app", "shop", "color", "blue")));
        ShopIncident.step(steps, "resolved", "status.update", null,
                Map.of("status", "resolved", "message", "Checkout works normally again."));
        return plan;
    }

    /** What a cluster holds after shop v1 then v2 were deployed: the Deployment and its two ReplicaSets. */
    private static void seed(KubernetesClient client) {
        Deployment shop = client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName("shop")
                .addToAnnotations("deployment.kubernetes.io/revision", "2")
                .addToAnnotations("kubernetes.io/change-cause", "deploy shop v2").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "shop").endSelector()
                .withTemplate(template("registry.example.com/shop:v2", "green")).endSpec().build()).create();
        replicaSet(client, shop, 1, "registry.example.com/shop:v1", "blue");
        replicaSet(client, shop, 2, "registry.example.com/shop:v2", "green");
        client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName("shop-canary").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "shop-canary").endSelector()
                .withTemplate(new PodTemplateSpecBuilder(template("registry.example.com/shop:v2", "canary")).editMetadata()
                        .addToLabels("app", "shop-canary").endMetadata().build())
                .endSpec().build()).create();
        client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName("shop").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "shop", "color", "green")).addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
    }

    private static PodTemplateSpec template(String image, String color) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("app", "shop").addToLabels("color", color).endMetadata()
                .withNewSpec().addNewContainer().withName("shop").withImage(image).addNewPort().withContainerPort(8080).endPort()
                .endContainer().endSpec().build();
    }

    private static void replicaSet(KubernetesClient client, Deployment owner, int revision, String image, String color) {
        String hash = Integer.toHexString((image + owner.getMetadata().getUid()).hashCode() & 0xfffffff);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("deployment.kubernetes.io/revision", String.valueOf(revision));
        annotations.put("kubernetes.io/change-cause", "deploy shop " + image.substring(image.lastIndexOf(':') + 1));
        client.apps().replicaSets().inNamespace(NAMESPACE).resource(new ReplicaSetBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName("shop-" + hash)
                .addToLabels("app", "shop").addToLabels("pod-template-hash", hash).withAnnotations(annotations)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName("shop").withUid(owner.getMetadata().getUid()).withController(true).build())
                .endMetadata()
                .withNewSpec().withReplicas(revision == 2 ? 3 : 0)
                .withNewSelector().addToMatchLabels("app", "shop").addToMatchLabels("pod-template-hash", hash).endSelector()
                .withTemplate(new PodTemplateSpecBuilder(template(image, color)).editMetadata()
                        .addToLabels("pod-template-hash", hash).endMetadata().build())
                .endSpec().build()).create();
    }
}
