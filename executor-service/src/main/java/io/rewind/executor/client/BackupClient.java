package io.rewind.executor.client;

import java.net.ConnectException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.rest.client.inject.RestClient;


import io.rewind.executor.action.StepFailure;

/**
 * Reads readiness and restores from backup-service and starts restores. Reads are retried inside their timeout; starting
 * a restore is not retried here: the step asks again on its next attempt, under the same {@code Idempotency-Key},
 * which backup-service answers with the restore the first request started.
 * backup-service refusing a request (a 4xx other than 408 and 429: not registered, a backup that did not succeed, a bad
 * key) is a {@link StepFailure} with its problem detail; anything else is an exception the worker retries until the
 * step's timeout. The breaker stops calling a backup-service that is down; MicroProfile's fixed order puts the retry
 * outside it (each attempt counts with the breaker) and the timeout inside it (each attempt is bounded).
 */
@ApplicationScoped
public class BackupClient {

    private final BackupServiceApi api;

    public BackupClient(@RestClient BackupServiceApi api) {
        this.api = api;
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = StepFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = StepFailure.class)
    public BackupViews.Readiness readiness(String database) {
        try {
            return api.readiness(database);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw new StepFailure("backup-service does not know a database named '" + database + "'" + detail(e));
            }
            throw refusal(e, "the readiness of '" + database + "'");
        }
    }

    /**
     * Starts restoring {@code backupId} over {@code target}, under {@code idempotencyKey}: a repeat with the same key is
     * answered with the restore the first request started. Throws {@link NotSent} when the request certainly never
     * reached backup-service (connection refused, breaker open).
     */
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = { StepFailure.class, NotSent.class })
    public BackupViews.Restore startRestore(UUID backupId, String target, String idempotencyKey) {
        try {
            return api.restore(idempotencyKey, backupId, new BackupViews.NewRestore(target, target));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw new StepFailure("backup-service has no backup " + backupId + detail(e));
            }
            throw refusal(e, "restoring backup " + backupId + " over '" + target + "'");
        } catch (RuntimeException e) {
            if (causedBy(e, ConnectException.class)) {
                throw new NotSent("backup-service is unreachable: " + e.getMessage());
            }
            throw e;
        }
    }

    /** The restore job; empty when backup-service does not know it. */
    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, abortOn = StepFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS,
            skipOn = StepFailure.class)
    public Optional<BackupViews.Restore> restore(UUID id) {
        try {
            return Optional.of(api.restoreJob(id));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw refusal(e, "reading restore " + id);
        }
    }

    /** A request that never reached backup-service. */
    public static class NotSent extends RuntimeException {

        public NotSent(String message) {
            super(message, null, false, false);
        }
    }

    /** Whether {@code e} is the breaker refusing to call at all: nothing was sent. */
    public static boolean notSent(Throwable e) {
        return e instanceof NotSent || e instanceof CircuitBreakerOpenException;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException refusal(WebApplicationException e, String doing) {
        return Refusals.refusal("backup-service", e, doing);
    }

    private static String detail(WebApplicationException e) {
        return Refusals.detail(e);
    }
}
