package io.rewind.executor.params;

/**
 * The typed parameters of one step kind: what to do on its target, never where or with what. One record per kind in
 * this package, each read and validated by its own {@code read(ParamReader)}, with its documentation beside it.
 */
public interface StepParams {

    /** Parameters of kinds that act in a Kubernetes namespace, which their target must allow. */
    interface Namespaced extends StepParams {

        /** The namespace asked for; null to use the target's only one. */
        String namespace();
    }
}
