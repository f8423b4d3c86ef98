package io.rewind.executor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Deployments with ReplicaSet histories as a cluster keeps them: each ReplicaSet controlled by its Deployment (owner
 * reference with the Deployment's uid), its template a copy of the Deployment's at that revision plus the
 * {@code pod-template-hash} label, and the revision annotations the Deployment controller writes.
 */
public final class TestDeployments {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String HISTORY = "deployment.kubernetes.io/revision-history";
    public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final KubernetesClient client;

    public TestDeployments(KubernetesClient client) {
        this.client = client;
    }

    /** A fresh namespace name, so tests never see each other's objects. */
    public static String namespace() {
        return "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static PodTemplateSpec template(String app, String image) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata().addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image)
                .addNewEnv().withName("LOG_LEVEL").withValue("info").endEnv()
                .addNewPort().withContainerPort(8080).endPort()
                .endContainer().endSpec()
                .build();
    }

    /** A Deployment at {@code revision}, running {@code image}. */
    public Deployment deployment(String namespace, String name, String image, int revision, boolean paused) {
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name)
                .addToAnnotations(REVISION, String.valueOf(revision))
                .addToAnnotations(CHANGE_CAUSE, "deploy " + image)
                .addToAnnotations(LAST_APPLIED, "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\"}}")
                .endMetadata()
                .withNewSpec().withReplicas(3).withPaused(paused ? true : null)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withTemplate(template(name, image))
                .endSpec()
                .build();
        return client.apps().deployments().inNamespace(namespace).resource(deployment).create();
    }

    /** A ReplicaSet of {@code owner} at {@code revision}; {@code history} is the revision-history annotation or null. */
    public ReplicaSet replicaSet(Deployment owner, int revision, String image, String history) {
        return replicaSet(owner.getMetadata().getNamespace(), owner.getMetadata().getName(), owner.getMetadata().getUid(),
                revision, image, history);
    }

    /** A ReplicaSet with the labels of Deployment {@code app} but controlled by whatever has {@code ownerUid}. */
    public ReplicaSet replicaSet(String namespace, String app, String ownerUid, int revision, String image, String history) {
        String hash = Integer.toHexString((image + ownerUid).hashCode() & 0xfffffff);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(REVISION, String.valueOf(revision));
        annotations.put("deployment.kubernetes.io/desired-replicas", "3");
        annotations.put("deployment.kubernetes.io/max-replicas", "4");
        annotations.put(CHANGE_CAUSE, "deploy " + image);
        if (history != null) {
            annotations.put(HISTORY, history);
        }
        ReplicaSet rs = new ReplicaSetBuilder()
                .withNewMetadata().withNamespace(namespace).withName(app + "-" + hash)
                .addToLabels("app", app).addToLabels("pod-template-hash", hash)
                .withAnnotations(annotations)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(app).withUid(ownerUid).withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec().withReplicas(0)
                .withNewSelector().addToMatchLabels("app", app).addToMatchLabels("pod-template-hash", hash).endSelector()
                .withTemplate(new PodTemplateSpecBuilder(template(app, image)).editMetadata()
                        .addToLabels("pod-template-hash", hash).endMetadata().build())
                .endSpec()
                .build();
        return client.apps().replicaSets().inNamespace(namespace).resource(rs).create();
    }

    public Service service(String namespace, String name, Map<String, String> selector) {
        return client.services().inNamespace(namespace).resource(new ServiceBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withSelector(selector).addNewPort().withPort(80).endPort().endSpec()
                .build()).create();
    }

    public Deployment read(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    public String image(String namespace, String name) {
        return read(namespace, name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
