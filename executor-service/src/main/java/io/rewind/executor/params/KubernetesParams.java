package io.rewind.executor.params;

/** What the Kubernetes kinds share: a namespace (optional when the target allows one) and a Deployment. */
final class KubernetesParams {

    private KubernetesParams() {
    }

    static String namespace(ParamReader p) {
        return p.matching("namespace", false, Names.DNS_LABEL, Names.NAMESPACE);
    }

    static String deployment(ParamReader p) {
        return p.matching("deployment", true, Names.DNS_SUBDOMAIN, Names.DEPLOYMENT);
    }
}
