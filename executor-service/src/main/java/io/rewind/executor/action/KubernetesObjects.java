package io.rewind.executor.action;

import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.ServiceResource;

/**
 * The Kubernetes objects steps act on, in the cluster of the step's target ({@link KubernetesClients}), with the errors
 * an operator can act on turned into {@link StepFailure}s. Other API errors (the API server unreachable, a 5xx) stay
 * exceptions, which the worker retries until the step times out.
 *
 * <p>Steps reach objects only through {@link #in}, with a namespace their target allowed ({@link StepContext#namespace})
 * or the one it names itself (flagd): there is no way to act in "any namespace" of "the" cluster.
 */
@ApplicationScoped
public class KubernetesObjects {

    private final KubernetesClients clients;

    public KubernetesObjects(KubernetesClients clients) {
        this.clients = clients;
    }

    /**
     * {@code namespace} in the cluster of the step's target; a {@link StepFailure} when the target's kubeconfig cannot be
     * read. Resolve the namespace first ({@code kubernetes.in(context, context.namespace(params.namespace()))}), so a
     * namespace the target does not allow fails before any credential is read.
     */
    public Namespace in(StepContext context, String namespace) {
        return new Namespace(clients.of(context.target()), namespace);
    }

    /** One namespace of one cluster. */
    public record Namespace(KubernetesClient client, String name) {

        /** {@code namespace/object}, as messages name an object. */
        public String path(String object) {
            return name + "/" + object;
        }

        public RollableScalableResource<Deployment> deployment(String deployment) {
            return client.apps().deployments().inNamespace(name).withName(deployment);
        }

        /** The Deployment as it is now; a {@link StepFailure} when it does not exist or may not be read. */
        public Deployment requireDeployment(String deployment) {
            return require(() -> deployment(deployment).get(), "Deployment", name, deployment);
        }

        /** Every ReplicaSet of the namespace: {@link Revisions} picks a Deployment's own by owner, not by labels. */
        public List<ReplicaSet> replicaSets(String deployment) {
            try {
                return client.apps().replicaSets().inNamespace(name).list().getItems();
            } catch (KubernetesClientException e) {
                throw refusal(e, "ReplicaSets of", name, deployment);
            }
        }

        public ServiceResource<Service> service(String service) {
            return client.services().inNamespace(name).withName(service);
        }

        public Service requireService(String service) {
            return require(() -> service(service).get(), "Service", name, service);
        }
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
