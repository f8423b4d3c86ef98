package io.rewind.decision.release;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import io.rewind.decision.Release;
import io.rewind.decision.client.BackupJobClient;
import io.rewind.decision.client.BackupJobViews;
import io.rewind.decision.client.PeerText;
import io.rewind.decision.config.ReleaseConfig;
import io.rewind.decision.repository.ReleaseRepository;

/**
 * Completes the preflights that take and verify a backup: asks backup-service for a pre-deploy backup, waits for it to
 * succeed, asks for its verification, and waits for that; then the release is READY or PREFLIGHT_FAILED. Each step's
 * state is written on the release (stage, backup id) in the transaction that holds the release's row, so a replica
 * that dies between two ticks leaves a release another one continues. backup-service not answering is retried at the
 * next tick until {@code rewind.decision.releases.backup-timeout}; a refusal (4xx) or a failed backup or verification
 * fails the check at once.
 */
@ApplicationScoped
public class ReleasePreflightJob {

    private static final Logger LOG = Logger.getLogger(ReleasePreflightJob.class);
    private static final int BATCH = 20;

    private final ReleaseRepository releases;
    private final BackupJobClient backups;
    private final ReleaseConfig config;

    public ReleasePreflightJob(ReleaseRepository releases, BackupJobClient backups, ReleaseConfig config) {
        this.releases = releases;
        this.backups = backups;
        this.config = config;
    }

    @Scheduled(every = "${rewind.decision.releases.check-interval:2s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return Panache.withTransaction(() -> releases.claimDue(ReleaseService.now(), BATCH)
                .flatMap(due -> Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(this::advance)
                        .collect().asList()))
                .onFailure().invoke(e -> LOG.warnf(e, "release preflight tick failed; retrying next tick"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> advance(Release release) {
        OffsetDateTime now = ReleaseService.now();
        if (release.backupDeadline != null && now.isAfter(release.backupDeadline)) {
            return Uni.createFrom().voidItem().invoke(() -> finish(release, PreflightChecks.backupFailed(
                    "the backup was not taken and verified within " + config.backupTimeout()
                            + (release.backupId == null ? "" : " (backup " + release.backupId + ")"))));
        }
        Uni<Void> step = switch (release.backupStage) {
            case REQUESTED -> backups.takeBackup(release.database, release.version).invoke(backup -> {
                release.backupId = backup.id();
                release.backupStage = Release.BackupStage.TAKING;
                waitAgain(release, now);
            }).replaceWithVoid();
            case TAKING -> backups.backup(release.backupId).flatMap(backup -> taken(release, backup, now));
            case VERIFYING -> backups.newestVerification(release.backupId).flatMap(v -> v.isEmpty()
                    ? backups.verify(release.backupId).invoke(asked -> waitAgain(release, now)).replaceWithVoid()
                    : Uni.createFrom().voidItem().invoke(() -> verified(release, v.get(), now)));
            case DONE -> Uni.createFrom().voidItem();
        };
        return step.onFailure(BackupJobClient.Refused.class)
                .recoverWithItem(e -> {
                    finish(release, PreflightChecks.backupFailed(e.getMessage()));
                    return null;
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("release %s: backup-service did not answer (%s); asking again", release.id, e.toString());
                    waitAgain(release, now);
                    return null;
                });
    }

    private Uni<Void> taken(Release release, BackupJobViews.Backup backup, OffsetDateTime now) {
        switch (String.valueOf(backup.status())) {
            case "SUCCEEDED":
                // Should the request fail, the next tick finds no verification in this stage and asks again
                // (backup-service joins a request to the verification already waiting or running).
                release.backupStage = Release.BackupStage.VERIFYING;
                return backups.verify(release.backupId).invoke(v -> waitAgain(release, now)).replaceWithVoid();
            case "FAILED", "INTERRUPTED":
                finish(release, PreflightChecks.backupFailed("backup " + release.backupId + " of '" + release.database
                        + "' " + backup.status().toLowerCase() + (backup.error() == null ? "" : ": "
                                + PeerText.safe(backup.error()))));
                return Uni.createFrom().voidItem();
            default:
                waitAgain(release, now);
                return Uni.createFrom().voidItem();
        }
    }

    private void verified(Release release, BackupJobViews.Verification verification, OffsetDateTime now) {
        switch (String.valueOf(verification.status())) {
            case "VERIFIED" -> finish(release, PreflightChecks.backupVerified(release.database, release.backupId));
            case "FAILED", "INTERRUPTED" -> finish(release, PreflightChecks.backupFailed("backup " + release.backupId
                    + " of '" + release.database + "' did not verify" + failedPhase(verification)));
            default -> waitAgain(release, now);
        }
    }

    private static String failedPhase(BackupJobViews.Verification verification) {
        if (verification.phases() == null) {
            return "";
        }
        return verification.phases().stream().filter(p -> "FAILED".equals(p.status())).findFirst()
                .map(p -> ": " + PeerText.safe(p.name()) + (p.detail() == null ? "" : " " + PeerText.safe(p.detail())))
                .orElse("");
    }

    private void waitAgain(Release release, OffsetDateTime now) {
        release.nextCheckAt = now.plus(config.checkInterval());
        release.updatedAt = now;
    }

    /** Records the backup check's outcome and the migration check that depends on it, and ends the preflight. */
    private static void finish(Release release, Preflight.Check backup) {
        Preflight preflight = release.preflight.with(backup);
        preflight = preflight.with(PreflightChecks.migration(release.migration, release.downMigration, backup));
        release.preflight = preflight;
        release.status = ReleaseService.status(preflight);
        release.backupStage = Release.BackupStage.DONE;
        release.nextCheckAt = null;
        release.updatedAt = ReleaseService.now();
        LOG.infof("release %s of %s %s: preflight %s", release.id, release.service, release.version, release.status);
    }
}
