package io.rewind.executor.params;

/** {@code kubernetes.scale}: sets a Deployment's replica count. Params: {@code deployment}, {@code replicas} (0 or more); optional {@code namespace}. */
public record ScaleParams(String namespace, String deployment, Integer replicas) implements StepParams.Namespaced {

    public static ScaleParams read(ParamReader p) {
        Long replicas = p.integer("replicas", true, 0, Integer.MAX_VALUE);
        return new ScaleParams(KubernetesParams.namespace(p), KubernetesParams.deployment(p),
                replicas == null ? null : replicas.intValue());
    }
}
