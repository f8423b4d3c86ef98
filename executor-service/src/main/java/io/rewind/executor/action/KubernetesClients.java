package io.rewind.executor.action;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import io.rewind.common.secret.SecretReference;
import io.rewind.executor.target.FlagdTarget;
import io.rewind.executor.target.KubernetesTarget;
import io.rewind.executor.target.ResolvedTarget;
import io.rewind.executor.target.TargetSpec;

/**
 * The Kubernetes client of each target. A target without {@code kubeconfig} uses the executor's own connection (the
 * injected client: in a cluster its ServiceAccount, else its {@code ~/.kube/config}); one with a kubeconfig reference
 * gets a client built from that kubeconfig alone, never mixed with the executor's own credentials.
 *
 * <p>Clients are cached by the SHA-256 of the kubeconfig's content, not by target name: an admin who rotates the
 * credentials (a new Secret mounted) gets a new client on the next step without a restart, and two targets on the same
 * cluster share one connection pool. They are closed at shutdown; the injected client belongs to Quarkus and is not.
 */
@ApplicationScoped
public class KubernetesClients {

    private static final Logger LOG = Logger.getLogger(KubernetesClients.class);

    private final KubernetesClient own;
    private final Map<String, KubernetesClient> byKubeconfig = new ConcurrentHashMap<>();

    public KubernetesClients(KubernetesClient own) {
        this.own = own;
    }

    /** The executor's own connection, which targets without a kubeconfig use. */
    public KubernetesClient own() {
        return own;
    }

    /**
     * The client of {@code target}, a {@code kubernetes} or {@code flagd} target; a {@link StepFailure} naming the
     * secret reference (never its content) when its kubeconfig cannot be read or is not a kubeconfig.
     */
    public KubernetesClient of(ResolvedTarget target) {
        if (target == null) {
            throw new StepFailure("this step names no target");
        }
        TargetSpec spec = target.spec();
        SecretReference kubeconfig = spec instanceof KubernetesTarget k ? k.kubeconfig()
                : spec instanceof FlagdTarget f ? f.kubeconfig() : null;
        if (!(spec instanceof KubernetesTarget) && !(spec instanceof FlagdTarget)) {
            throw new StepFailure("target '" + target.name() + "' is a " + target.kind()
                    + " target, not a Kubernetes cluster");
        }
        if (kubeconfig == null) {
            return own;
        }
        String content = kubeconfig.resolve().orElseThrow(() -> new StepFailure("the kubeconfig of target '"
                + target.name() + "' cannot be read: " + kubeconfig.describe()
                + " is not set or not readable by executor-service"));
        return byKubeconfig.computeIfAbsent(Hashes.sha256(content), key -> build(content, target.name(), kubeconfig));
    }

    private static KubernetesClient build(String content, String targetName, SecretReference reference) {
        Config config;
        try {
            config = Config.fromKubeconfig(content);
        } catch (RuntimeException e) {
            // The parser's message may quote the content, which holds credentials: name the reference only.
            throw new StepFailure("the kubeconfig of target '" + targetName + "' (" + reference.describe()
                    + ") is not a valid kubeconfig file");
        }
        // Without a current context fabric8 falls back to the in-cluster address, which is not what the admin chose.
        if (config.getCurrentContext() == null || config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
            throw new StepFailure("the kubeconfig of target '" + targetName + "' (" + reference.describe()
                    + ") has no current-context naming a cluster with a server");
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @PreDestroy
    void close() {
        byKubeconfig.values().forEach(client -> {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.debugf(e, "closing a target's Kubernetes client failed");
            }
        });
        byKubeconfig.clear();
    }
}
