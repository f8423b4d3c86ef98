package io.rewind.executor.target;

import java.util.List;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.params.Names;
import io.rewind.executor.params.ParamReader;

/**
 * {@code kubernetes}: a cluster and the namespaces steps may act in.
 * Spec: {@code namespaces} (a non-empty array of namespace names); optional {@code kubeconfig} (a secret reference to a
 * kubeconfig file's content; without it the executor's own connection is used: in a cluster its ServiceAccount, else
 * its {@code ~/.kube/config}).
 *
 * <p>A step's {@code namespace} must be one of {@code namespaces}; it may be left out when there is only one.
 */
public record KubernetesTarget(List<String> namespaces, SecretReference kubeconfig) implements TargetSpec {

    static KubernetesTarget read(ParamReader spec) {
        List<String> namespaces = spec.strings("namespaces", true, Names.DNS_LABEL, Names.NAMESPACE);
        SecretReference kubeconfig = TargetSpec.secret(spec, "kubeconfig", false);
        return new KubernetesTarget(namespaces, kubeconfig);
    }

    /**
     * The namespace a step acts in: {@code requested} when this target allows it, the only allowed one when none is
     * requested; otherwise why not, as a sentence for the step's {@code namespace} field.
     */
    public Resolution namespace(String requested) {
        if (requested == null) {
            return namespaces.size() == 1 ? new Resolution(namespaces.get(0), null)
                    : new Resolution(null, "is required: the target allows " + String.join(", ", namespaces));
        }
        return namespaces.contains(requested) ? new Resolution(requested, null)
                : new Resolution(null, "is not a namespace this target allows (it allows " + String.join(", ", namespaces)
                        + ")" + ParamReader.echo(requested));
    }

    /** A namespace, or why none. */
    public record Resolution(String namespace, String problem) {
    }
}
