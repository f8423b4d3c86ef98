package io.rewind.executor.params;

/** {@code verify.rolloutStatus}: waits until a Deployment's rollout is complete. Params: {@code deployment}; optional {@code namespace}. */
public record RolloutStatusParams(String namespace, String deployment) implements StepParams.Namespaced {

    public static RolloutStatusParams read(ParamReader p) {
        return new RolloutStatusParams(KubernetesParams.namespace(p), KubernetesParams.deployment(p));
    }
}
