package io.rewind.decision.client;

import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import io.rewind.decision.engine.BackupReadiness;

/**
 * Asks backup-service whether a database has a verified backup young enough to restore.
 *
 * <p>Order of the guards: each attempt is bounded by the timeout; one retry covers a blip; the circuit breaker stops
 * hammering a backup-service that keeps failing; and the fallback turns any failure into an explicit UNREACHABLE, which
 * the engine reports in words instead of guessing. A 404 is an answer, not a failure: the database is not registered.
 */
@ApplicationScoped
public class BackupClient {

    private static final Logger LOG = Logger.getLogger(BackupClient.class);

    private final BackupReadinessApi api;

    public BackupClient(@RestClient BackupReadinessApi api) {
        this.api = api;
    }

    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, abortOn = NotRegistered.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = NotRegistered.class)
    @Fallback(fallbackMethod = "unreachable", skipOn = NotRegistered.class)
    public Uni<BackupReadiness> readiness(String database, int maxAgeHours) {
        return api.readiness(database, maxAgeHours)
                .map(BackupClient::toReadiness)
                .onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() == 404)
                .transform(e -> new NotRegistered(database));
    }

    /** Readiness with the "not registered" answer folded in, for callers that want one result either way. */
    public Uni<BackupReadiness> readinessOrReason(String database, int maxAgeHours) {
        return readiness(database, maxAgeHours).onFailure(NotRegistered.class).recoverWithItem(e -> new BackupReadiness(
                BackupReadiness.State.NOT_READY, null, null, null,
                List.of("database '" + database + "' is not registered with backup-service")));
    }

    Uni<BackupReadiness> unreachable(String database, int maxAgeHours, Throwable failure) {
        LOG.warnf("backup-service readiness for %s failed: %s", database, failure.toString());
        return Uni.createFrom().item(BackupReadiness.unreachable(describe(failure)));
    }

    private static String describe(Throwable failure) {
        String type = failure.getClass().getSimpleName();
        if (type.contains("Timeout")) {
            return "backup-service did not answer in time";
        }
        if (type.contains("CircuitBreakerOpen")) {
            return "backup-service failed repeatedly; not asking again for a few seconds";
        }
        if (failure instanceof WebApplicationException w) {
            return "backup-service answered HTTP " + w.getResponse().getStatus();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || String.valueOf(t.getMessage()).contains("Connection refused")) {
                return "backup-service is unreachable (connection refused)";
            }
        }
        // The reason reaches every viewer in the assessment: never a Java class name or a raw message.
        return "backup-service is unreachable or its answer could not be read (the log has the cause)";
    }

    private static BackupReadiness toReadiness(BackupReadinessView view) {
        String id = view.newestVerifiedBackup() == null ? null : view.newestVerifiedBackup().id();
        List<String> reasons = view.reasons() == null ? List.of() : view.reasons().stream().map(PeerText::safe).toList();
        return new BackupReadiness(view.ready() ? BackupReadiness.State.READY : BackupReadiness.State.NOT_READY, id,
                view.age(), view.lastRestoreDuration(), view.ready() ? List.of() : reasons);
    }

    /** backup-service does not know the database. */
    public static final class NotRegistered extends RuntimeException {
        NotRegistered(String database) {
            super("database '" + database + "' is not registered with backup-service", null, false, false);
        }
    }
}
