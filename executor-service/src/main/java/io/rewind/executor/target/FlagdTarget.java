package io.rewind.executor.target;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.params.Names;
import io.rewind.executor.params.ParamReader;

/**
 * {@code flagd}: flag definitions that flagd reads from a Kubernetes ConfigMap.
 * Spec: {@code namespace}, {@code configMap}; optional {@code key} (the ConfigMap entry holding the definitions; by
 * default its only entry) and {@code kubeconfig} (as for {@link KubernetesTarget}).
 */
public record FlagdTarget(String namespace, String configMap, String key, SecretReference kubeconfig) implements TargetSpec {

    static FlagdTarget read(ParamReader spec) {
        String namespace = spec.matching("namespace", true, Names.DNS_LABEL, Names.NAMESPACE);
        String configMap = spec.matching("configMap", true, Names.DNS_SUBDOMAIN, "must be a ConfigMap name (a DNS subdomain)");
        String key = spec.matching("key", false, Names.CONFIG_MAP_KEY, "must be a ConfigMap key");
        SecretReference kubeconfig = TargetSpec.secret(spec, "kubeconfig", false);
        return new FlagdTarget(namespace, configMap, key, kubeconfig);
    }
}
