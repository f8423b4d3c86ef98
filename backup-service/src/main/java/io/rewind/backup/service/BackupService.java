package io.rewind.backup.service;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import io.rewind.backup.Backup;
import io.rewind.backup.BackupReason;
import io.rewind.backup.Restore;
import io.rewind.backup.Verification;
import io.rewind.backup.config.BackupConfig;
import io.rewind.backup.service.JobStore.Requested;
import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.problem.ProblemType;
import io.rewind.common.rest.ListPage;

/**
 * What the API asks of backups, verifications and restores. A request writes its job (committed by {@link JobStore})
 * and only then queues it, so a job that runs always has its record, and the caller gets its id at once (202).
 *
 * <p>Work asked for cannot pile up: a backup or verification asked for while one is under way for the same database
 * (or backup) is answered with that one, and beyond {@code rewind.backup.max-queued-jobs} waiting jobs with 429. One
 * restore runs into a database at a time. Each rule is a look-up backed by a unique index, so requests racing each
 * other, on one replica or several, cannot break it: the loser's insert fails, and it is answered from the winner's
 * row. The recoveries open sessions of their own ({@link JobStore}'s methods each do), since a failed insert ends
 * its transaction.
 */
@ApplicationScoped
public class BackupService {

    /** The longest Idempotency-Key accepted, as executor-service accepts. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    private final JobStore jobs;
    private final Worker worker;
    private final BackupRunner backups;
    private final VerificationRunner verifications;
    private final RestoreRunner restores;
    private final RetentionService retention;
    private final BackupMetrics metrics;
    private final BackupConfig config;

    public BackupService(JobStore jobs, Worker worker, BackupRunner backups, VerificationRunner verifications,
            RestoreRunner restores, RetentionService retention, BackupMetrics metrics, BackupConfig config) {
        this.jobs = jobs;
        this.worker = worker;
        this.backups = backups;
        this.verifications = verifications;
        this.restores = restores;
        this.retention = retention;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * Queues a backup of a registered database (retention runs after it), or answers with the backup already waiting
     * or running for it: a backup asked for a moment later would hold the same data, and a burst of requests must not
     * become a queue of dumps.
     */
    public Uni<Requested<Backup>> requestBackup(String database, BackupReason reason, String releaseTag) {
        return jobs.requestBackup(database, reason, releaseTag, config.maxQueuedJobs())
                .onFailure(Constraints::isUniqueViolation).recoverWithUni(() -> jobs.backupUnderWay(database)
                        .map(underWay -> new Requested<>(orRetry(underWay, "backup of '" + database + "'"), false)))
                .invoke(requested -> {
                    if (requested.created()) {
                        Backup backup = requested.job();
                        worker.submit("backup " + backup.id, () -> {
                            backups.run(backup.id);
                            retention.apply(backup.databaseName);
                        });
                    }
                });
    }

    /** Queues a verification of a backup, or answers with the one already waiting or running for it. */
    public Uni<Requested<Verification>> requestVerification(UUID backupId) {
        return jobs.requestVerification(backupId, config.maxQueuedJobs())
                .onFailure(Constraints::isUniqueViolation).recoverWithUni(() -> jobs.verificationUnderWay(backupId)
                        .map(underWay -> new Requested<>(orRetry(underWay, "verification of backup " + backupId),
                                false)))
                .invoke(requested -> {
                    if (requested.created()) {
                        Verification verification = requested.job();
                        worker.submit("verification " + verification.id, () -> verifications.run(verification.id));
                    }
                });
    }

    /**
     * Queues a restore over a registered database. {@code confirm} must repeat the target's name: overwriting a
     * database is not something to do by a slip of a field.
     *
     * @param caller the API key's name, which scopes {@code idempotencyKey}
     * @param anyDatabase whether the caller may restore over every database (an admin), or only over those that allow
     *        service restores (executor-service)
     * @param idempotencyKey null, or the caller's name for this request: a repeat returns the restore it started
     *        (whatever its state) and starts nothing; the same key with another backup or target is 422
     */
    public Uni<Requested<Restore>> requestRestore(UUID backupId, String target, String confirm, String caller,
            boolean anyDatabase, String idempotencyKey) {
        if (!target.equals(confirm)) {
            return Uni.createFrom().failure(ProblemException.invalid("confirm", "must repeat the target's name, '"
                    + target + "', to confirm that its current contents will be replaced"));
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            return Uni.createFrom().failure(ProblemException.invalid("Idempotency-Key",
                    "must be from 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters"));
        }
        Uni<Restore> earlier = idempotencyKey == null ? Uni.createFrom().nullItem()
                : jobs.restoreByIdempotencyKey(caller, idempotencyKey);
        return earlier.flatMap(found -> found != null
                ? repeatOf(found, backupId, target, idempotencyKey)
                : jobs.createRestore(backupId, target, caller, anyDatabase, idempotencyKey)
                        .map(restore -> new Requested<>(restore, true))
                        // A restore under way may be this request's own, stored a moment ago by its twin: afterRace
                        // tells by the key.
                        .onFailure(e -> Constraints.isUniqueViolation(e)
                                || idempotencyKey != null && e instanceof JobStore.RestoreBusy)
                        .recoverWithUni(() -> afterRace(backupId, target, caller, idempotencyKey)))
                .invoke(requested -> {
                    if (requested.created()) {
                        Restore restore = requested.job();
                        worker.submit("restore " + restore.id, () -> restores.run(restore.id));
                    }
                });
    }

    /**
     * The restore an earlier request under the same key started; 422 when this request asks for another backup or
     * target (the IETF Idempotency-Key draft's answer), so a key never stands for two different restores.
     */
    private static Uni<Requested<Restore>> repeatOf(Restore earlier, UUID backupId, String target, String key) {
        List<String> differs = new ArrayList<>();
        if (!earlier.backupId.equals(backupId)) {
            differs.add("backup (" + earlier.backupId + ")");
        }
        if (!earlier.targetDatabase.equals(target)) {
            differs.add("target ('" + earlier.targetDatabase + "')");
        }
        if (differs.isEmpty()) {
            return Uni.createFrom().item(new Requested<>(earlier, false));
        }
        return Uni.createFrom().failure(new ProblemException(Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED, 422,
                "Idempotency-Key '" + key + "' already started restore " + earlier.id + " of another "
                        + String.join(" and another ", differs) + "; send a new key for a new request.")
                .with("restoreId", earlier.id)));
    }

    /** Explains a request that lost a race: to its twin (same key), or to another restore of the target (409). */
    private Uni<Requested<Restore>> afterRace(UUID backupId, String target, String caller, String key) {
        Uni<Restore> same = key == null ? Uni.createFrom().nullItem() : jobs.restoreByIdempotencyKey(caller, key);
        return same.flatMap(found -> {
            if (found != null) {
                return repeatOf(found, backupId, target, key);
            }
            return jobs.restoreUnderWay(target).flatMap(underWay -> Uni.createFrom().failure(underWay != null
                    ? JobStore.busy(underWay)
                    // It ended between the insert and this read: the client may simply ask again.
                    : ProblemException.conflict("Another restore of '" + target + "' was under way a moment ago;"
                            + " ask again.")));
        });
    }

    /** The job a racing request wrote, or a 409 in the rare case it already ended. */
    private static <T> T orRetry(T underWay, String what) {
        if (underWay == null) {
            throw ProblemException.conflict("Another " + what + " was under way a moment ago and has ended; ask again.");
        }
        return underWay;
    }

    public Uni<Backup> getBackup(UUID id) {
        return jobs.getBackup(id);
    }

    public Uni<List<Backup>> listBackups(String database, ListPage page) {
        return jobs.listBackups(database, page);
    }

    public Uni<List<Verification>> listVerifications(UUID backupId, ListPage page) {
        return jobs.listVerifications(backupId, page);
    }

    public Uni<List<Restore>> listRestores(String target, ListPage page) {
        return jobs.listRestores(target, page);
    }

    public Uni<Restore> getRestore(UUID id) {
        return jobs.getRestore(id);
    }

    /** Readiness against the given maximum age, or the database's own when null; refreshes its gauges too. */
    public Uni<Readiness> readiness(String database, Integer maxAgeHours) {
        return jobs.readinessFacts(database).map(facts -> {
            metrics.update(facts);
            return Readiness.evaluate(facts, maxAgeHours == null ? facts.database().maxBackupAgeHours : maxAgeHours,
                    JobStore.now());
        });
    }
}
