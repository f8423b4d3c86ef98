package io.rewind.executor.service;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.StepKind;
import io.rewind.executor.action.Hashes;
import io.rewind.executor.action.StepContext;
import io.rewind.executor.action.StepFailure;
import io.rewind.executor.params.StepParams;
import io.rewind.executor.target.KubernetesTarget;
import io.rewind.executor.target.ResolvedTarget;

/**
 * The target a running step acts on, read when it runs: an admin who narrows or removes a target mid-incident stops
 * steps from acting outside it, and a step never carries where or with what it acts itself.
 */
@ApplicationScoped
public class StepTargets {

    private final TargetService targets;

    public StepTargets(TargetService targets) {
        this.targets = targets;
    }

    /** The key of a before-state under which {@link #bind} records what the step acted through. */
    public static final String BOUND_TO = "boundTo";

    /**
     * {@code before} with what the step is about to act through: the target's name and a fingerprint of where it
     * points (cluster and namespace, server and environment, file, database). Compensation and a resumed step compare
     * it with the target as it is then, so an admin's later change of the target never makes them act on another
     * object with what was recorded from this one.
     */
    public static Map<String, Object> bind(Map<String, Object> before, StepContext context) {
        if (context.target() == null || before == null) {
            return before;
        }
        Map<String, Object> bound = new LinkedHashMap<>(before);
        bound.put(BOUND_TO, Map.of("target", context.target().name(), "fingerprint", fingerprint(context)));
        return bound;
    }

    /** A {@link StepFailure} when the step's before-state was recorded through something else than its target now. */
    public static void requireSameBinding(StepContext context, String doing) {
        if (context.target() == null || !(context.recorded(BOUND_TO) instanceof Map<?, ?> recorded)) {
            return;
        }
        if (!fingerprint(context).equals(recorded.get("fingerprint"))) {
            throw new StepFailure("target '" + context.target().name() + "' points elsewhere now than when this step "
                    + "recorded its state (an admin changed it): not " + doing + ", which could act on another object; "
                    + "do it by hand from the step's before-state");
        }
    }

    /**
     * Where the step acts, as a short hash: for Kubernetes kinds the cluster (its kubeconfig reference) and the
     * namespace the step resolved to, not the list of allowed namespaces (adding one changes nothing for this step);
     * for the others the whole spec. Records print every component, references included and never secret values.
     */
    private static String fingerprint(StepContext context) {
        String where = context.target().spec() instanceof KubernetesTarget cluster
                && context.params() instanceof StepParams.Namespaced namespaced
                ? "kubernetes[kubeconfig=" + cluster.kubeconfig() + ", namespace=" + context.namespace(namespaced.namespace()) + "]"
                : context.target().spec().toString();
        return Hashes.sha256(where).substring(0, 16);
    }

    /** {@code context} with the step's target resolved; a {@link StepFailure} when it is gone or of another kind now. */
    public StepContext withTarget(StepContext context, String name, StepKind kind) {
        if (kind.targets().isEmpty()) {
            return context;
        }
        if (name == null) {
            throw new StepFailure("this step names no target; " + kind + " steps act on a target an admin configured");
        }
        ResolvedTarget target = targets.resolveNow(name);
        if (target == null) {
            throw new StepFailure("target '" + name + "' no longer exists; an admin removed it after the step was written");
        }
        if (!kind.targets().contains(target.kind())) {
            throw new StepFailure("target '" + name + "' is a " + target.kind() + " target now; " + kind
                    + " steps cannot act on it");
        }
        if (target.refusal() != null) {
            throw new StepFailure(target.refusal());
        }
        return new StepContext(context.params(), target, context.before(), context.startedAt(), context.timeout(),
                context.attempt(), context.execution());
    }
}
