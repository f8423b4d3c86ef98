package io.rewind.executor.action;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.client.KubernetesClientException;

import io.rewind.executor.StepKind;
import io.rewind.executor.params.ScaleParams;

/**
 * {@code kubernetes.scale}: sets a Deployment's replica count (0 for maintenance mode), in the cluster of the step's
 * {@code kubernetes} target and a namespace it allows ({@link ScaleParams}). The count it found is the before-state, and
 * compensation sets it back.
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

    private KubernetesObjects.Namespace namespace(StepContext context) {
        return kubernetes.in(context, context.namespace(context.params(ScaleParams.class).namespace()));
    }

    private static String deployment(StepContext context) {
        return context.params(ScaleParams.class).deployment();
    }

    private static int replicasNow(KubernetesObjects.Namespace ns, String deployment) {
        // Kubernetes defaults an unset count to 1.
        Integer replicas = ns.requireDeployment(deployment).getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return Map.of("replicas", replicasNow(namespace(context), deployment(context)));
    }

    @Override
    public Preview dryRun(StepContext context) {
        KubernetesObjects.Namespace ns = namespace(context);
        String name = ns.path(deployment(context));
        int now = replicasNow(ns, deployment(context));
        int wanted = context.params(ScaleParams.class).replicas();
        return new Preview(Map.of("replicas", now), Map.of("replicas", wanted), now == wanted
                ? "Deployment " + name + " already has " + wanted + " replicas: nothing to change"
                : "would scale Deployment " + name + " from " + now + " to " + wanted + " replicas");
    }

    @Override
    public Outcome apply(StepContext context) {
        return scaleTo(context, context.params(ScaleParams.class).replicas());
    }

    private Outcome scaleTo(StepContext context, int wanted) {
        KubernetesObjects.Namespace ns = namespace(context);
        String deployment = deployment(context);
        int now = replicasNow(ns, deployment);
        if (now == wanted) {
            return new Outcome.Done(Map.of("replicas", wanted), "Deployment " + ns.path(deployment) + " has " + wanted
                    + " replicas");
        }
        try {
            ns.deployment(deployment).edit(d -> {
                d.getSpec().setReplicas(wanted);
                return d;
            });
        } catch (KubernetesClientException e) {
            throw KubernetesObjects.refusal(e, "Deployment", ns.name(), deployment);
        }
        return new Outcome.Done(Map.of("replicas", wanted),
                "scaled Deployment " + ns.path(deployment) + " from " + now + " to " + wanted + " replicas");
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        KubernetesObjects.Namespace ns = namespace(context);
        String name = ns.path(deployment(context));
        int now = replicasNow(ns, deployment(context));
        int wanted = ((Number) done.after().get("replicas")).intValue();
        return now == wanted ? Check.ok("Deployment " + name + " wants " + now + " replicas")
                : Check.failed("Deployment " + name + " wants " + now + " replicas, not " + wanted
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
