package io.rewind.executor.params;

import java.util.regex.Pattern;

/**
 * {@code kubernetes.setEnv}: sets one environment variable of a Deployment's container, which rolls its pods.
 * Params: {@code deployment}, {@code name} (an environment variable name), {@code value} (a string, possibly empty);
 * optional {@code namespace} and {@code container}, required in practice when the pod has more than one container.
 * Values are masked wherever the execution is shown.
 */
public record SetEnvParams(String namespace, String deployment, String container, String name, String value)
        implements StepParams.Namespaced {

    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    public static SetEnvParams read(ParamReader p) {
        return new SetEnvParams(KubernetesParams.namespace(p), KubernetesParams.deployment(p),
                p.matching("container", false, Names.DNS_LABEL, "must be a container name (a DNS label)"),
                p.matching("name", true, ENV_NAME, "must be an environment variable name"),
                p.string("value", true, true));
    }
}
