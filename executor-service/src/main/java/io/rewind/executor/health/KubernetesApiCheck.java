package io.rewind.executor.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import io.rewind.executor.config.ExecutorConfig;

/**
 * Readiness: the Kubernetes API answers ({@code GET /version}, which any authenticated client may read). Registered only
 * when {@code rewind.executor.kubernetes.readiness} is true, since a replica that runs no Kubernetes steps must not be
 * reported down for lacking a cluster. Down names the API server and the error.
 *
 * <p>It asks through a copy of the application's client without retries and with a 5-second limit: the steps' client
 * retries a refused connection with back-off, which would hold a health probe for far longer than the probe waits.
 */
@ApplicationScoped
public class KubernetesApiCheck implements AsyncHealthCheck {

    static final String NAME = "Kubernetes API";
    private static final int LIMIT_MS = 5_000;

    private final KubernetesClient client;
    private volatile KubernetesClient probe;

    public KubernetesApiCheck(KubernetesClient client) {
        this.client = client;
    }

    void register(@Observes StartupEvent started, ExecutorConfig config, @Readiness HealthRegistry readiness) {
        if (config.kubernetes().readiness()) {
            probe = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0).withConnectionTimeout(LIMIT_MS).withRequestTimeout(LIMIT_MS).build())
                    .build();
            readiness.register(NAME, this);
        }
    }

    @PreDestroy
    void close() {
        if (probe != null) {
            probe.close();
        }
    }

    /**
     * On a worker thread: a check registered this way is called on the event loop, and fabric8's HTTP client needs that
     * very event loop to answer, so a blocking call there would wait for itself until it times out.
     */
    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().item(this::ask).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    HealthCheckResponse ask() {
        String server = String.valueOf(client.getMasterUrl());
        try {
            VersionInfo version = probe.getKubernetesVersion();
            return HealthCheckResponse.named(NAME).up().withData("server", server)
                    .withData("version", version == null || version.getMajor() == null ? "unknown"
                            : version.getMajor() + "." + version.getMinor())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(NAME).down().withData("server", server).withData("error", describe(e)).build();
        }
    }

    /** The error's own words and its root cause's ("Connection refused"), without class names. */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top = e.getMessage() == null ? "the Kubernetes API did not answer" : e.getMessage();
        return root != e && root.getMessage() != null && !top.contains(root.getMessage()) ? top + ": " + root.getMessage() : top;
    }
}
