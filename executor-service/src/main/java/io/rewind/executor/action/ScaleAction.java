package io.rewind.executor.action;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;

import io.rewind.executor.StepKind;

/**
 * {@code kubernetes.scale}: sets a Deployment's replica count (0 for maintenance mode). The count it found is the
 * before-state, and compensation sets it back.
 */
@ApplicationScoped
public class ScaleAction implements StepAction {

    private final KubernetesObjects kubernetes;

    public ScaleAction(KubernetesObjects kubernetes) {
        this.kubernetes = kubernetes;
    }

    @Override
    public boolean canCompensate() {
        return true;
    }

    @Override
    public StepKind kind() {
        return StepKind.KUBERNETES_SCALE;
    }

    private static String name(StepContext context) {
        return context.string("namespace") + "/" + context.string("deployment");
    }

    private int replicasNow(StepContext context) {
        Deployment deployment = kubernetes.requireDeployment(context.string("namespace"), context.string("deployment"));
        // Kubernetes defaults an unset count to 1.
        Integer replicas = deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return Map.of("replicas", replicasNow(context));
    }

    @Override
    public Preview dryRun(StepContext context) {
        int now = replicasNow(context);
        int wanted = context.integer("replicas");
        return new Preview(Map.of("replicas", now), Map.of("replicas", wanted), now == wanted
                ? "Deployment " + name(context) + " already has " + wanted + " replicas: nothing to change"
                : "would scale Deployment " + name(context) + " from " + now + " to " + wanted + " replicas");
    }

    @Override
    public Outcome apply(StepContext context) {
        return scaleTo(context, context.integer("replicas"));
    }

    private Outcome scaleTo(StepContext context, int wanted) {
        int now = replicasNow(context);
        if (now == wanted) {
            return new Outcome.Done(Map.of("replicas", wanted), "Deployment " + name(context) + " has " + wanted + " replicas");
        }
        try {
            kubernetes.deployment(context.string("namespace"), context.string("deployment")).edit(d -> {
                d.getSpec().setReplicas(wanted);
                return d;
            });
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "Deployment", context.string("namespace"), context.string("deployment"));
        }
        return new Outcome.Done(Map.of("replicas", wanted),
                "scaled Deployment " + name(context) + " from " + now + " to " + wanted + " replicas");
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        int now = replicasNow(context);
        int wanted = ((Number) done.after().get("replicas")).intValue();
        return now == wanted ? Check.ok("Deployment " + name(context) + " wants " + now + " replicas")
                : Check.failed("Deployment " + name(context) + " wants " + now + " replicas, not " + wanted
                        + ": something else changed it");
    }

    /** Sets the replica count back to the one recorded before the step acted. */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        if (!(context.recorded("replicas") instanceof Number previous)) {
            return Optional.empty();
        }
        return Optional.of(scaleTo(context, previous.intValue()));
    }
}
