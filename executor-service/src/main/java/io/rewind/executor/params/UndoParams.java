package io.rewind.executor.params;

/**
 * {@code kubernetes.undo}: rolls a Deployment back to an earlier ReplicaSet, like {@code kubectl rollout undo}.
 * Params: {@code deployment}; optional {@code namespace} and {@code toRevision} (a positive integer), which defaults to
 * the revision before the current one.
 */
public record UndoParams(String namespace, String deployment, Long toRevision) implements StepParams.Namespaced {

    public static UndoParams read(ParamReader p) {
        return new UndoParams(KubernetesParams.namespace(p), KubernetesParams.deployment(p),
                p.integer("toRevision", false, 1, Long.MAX_VALUE));
    }
}
