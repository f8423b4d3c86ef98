package io.rewind.executor.action;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.ServiceResource;

/**
 * The Kubernetes objects steps act on, with the errors an operator can act on turned into {@link StepFailure}s. Other
 * API errors (the API server unreachable, a 5xx) stay exceptions, which the worker retries until the step times out.
 */
@ApplicationScoped
public class KubernetesObjects {

    private final KubernetesClient client;

    public KubernetesObjects(KubernetesClient client) {
        this.client = client;
    }

    public KubernetesClient client() {
        return client;
    }

    public RollableScalableResource<Deployment> deployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name);
    }

    /** The Deployment as it is now; a {@link StepFailure} when it does not exist or may not be read. */
    public Deployment requireDeployment(String namespace, String name) {
        return require(() -> deployment(namespace, name).get(), "Deployment", namespace, name);
    }

    public ServiceResource<Service> service(String namespace, String name) {
        return client.services().inNamespace(namespace).withName(name);
    }

    public Service requireService(String namespace, String name) {
        return require(() -> service(namespace, name).get(), "Service", namespace, name);
    }

    private static <T> T require(Supplier<T> read, String kind, String namespace, String name) {
        T found;
        try {
            found = read.get();
        } catch (KubernetesClientException e) {
            throw refusal(e, kind, namespace, name);
        }
        if (found == null) {
            throw new StepFailure(kind + " " + namespace + "/" + name + " does not exist");
        }
        return found;
    }

    /**
     * A refusal by the API server (forbidden, invalid, conflict) as a {@link StepFailure}; anything else unchanged, to be
     * retried.
     */
    public static RuntimeException refusal(KubernetesClientException e, String kind, String namespace, String name) {
        int code = e.getCode();
        if (code >= 400 && code < 500 && code != 408 && code != 429) {
            return new StepFailure("Kubernetes refused access to " + kind + " " + namespace + "/" + name + " (HTTP " + code
                    + (e.getStatus() != null && e.getStatus().getMessage() != null ? ": " + e.getStatus().getMessage() : "")
                    + ")");
        }
        return e;
    }
}
