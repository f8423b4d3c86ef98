package io.rewind.decision.client;

import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.smallrye.mutiny.Uni;

/**
 * Takes and verifies a backup with backup-service for a release's preflight. No retry or fallback here: the preflight
 * job calls again at its next tick, until its deadline. A 4xx answer is {@link Refused} (the job stops and says why);
 * anything else is a failure to try again.
 */
@ApplicationScoped
public class BackupJobClient {

    private final BackupJobsApi api;

    public BackupJobClient(@RestClient BackupJobsApi api) {
        this.api = api;
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public Uni<BackupJobViews.Backup> takeBackup(String database, String version) {
        return refusals(api.takeBackup(database, new BackupJobViews.NewBackup("pre-deploy", version)),
                "taking a backup of '" + database + "'");
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public Uni<BackupJobViews.Backup> backup(String id) {
        return refusals(api.backup(id), "reading backup " + id);
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public Uni<BackupJobViews.Verification> verify(String id) {
        return refusals(api.verify(id), "verifying backup " + id);
    }

    /** The newest verification of the backup, if any. */
    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    public Uni<Optional<BackupJobViews.Verification>> newestVerification(String id) {
        return refusals(api.verifications(id, 1), "reading the verifications of backup " + id)
                .map(list -> list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(0)));
    }

    private static <T> Uni<T> refusals(Uni<T> call, String what) {
        return call.onFailure(e -> e instanceof WebApplicationException w && w.getResponse().getStatus() >= 400
                && w.getResponse().getStatus() < 500 && w.getResponse().getStatus() != 429)
                .transform(e -> new Refused("backup-service refused " + what + ": HTTP "
                        + ((WebApplicationException) e).getResponse().getStatus()));
    }

    /** backup-service answered 4xx (other than 429): asking again will not help. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
