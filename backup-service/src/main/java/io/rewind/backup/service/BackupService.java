package io.rewind.backup.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import io.rewind.backup.Backup;
import io.rewind.backup.BackupReason;
import io.rewind.backup.Restore;
import io.rewind.backup.Verification;
import io.rewind.common.problem.ProblemException;

/**
 * What the API asks of backups, verifications and restores. A request writes its job (committed by {@link JobStore})
 * and only then queues it, so a job that runs always has its record, and the caller gets its id at once (202).
 */
@ApplicationScoped
public class BackupService {

    private final JobStore jobs;
    private final Worker worker;
    private final BackupRunner backups;
    private final VerificationRunner verifications;
    private final RestoreRunner restores;
    private final RetentionService retention;
    private final BackupMetrics metrics;

    public BackupService(JobStore jobs, Worker worker, BackupRunner backups, VerificationRunner verifications,
            RestoreRunner restores, RetentionService retention, BackupMetrics metrics) {
        this.jobs = jobs;
        this.worker = worker;
        this.backups = backups;
        this.verifications = verifications;
        this.restores = restores;
        this.retention = retention;
        this.metrics = metrics;
    }

    /** Queues a backup of a registered database; retention runs after it. */
    public Uni<Backup> requestBackup(String database, BackupReason reason, String releaseTag) {
        return jobs.createBackup(database, reason, releaseTag, null)
                .invoke(backup -> worker.submit("backup " + backup.id, () -> {
                    backups.run(backup.id);
                    retention.apply(backup.databaseName);
                }));
    }

    public Uni<Verification> requestVerification(UUID backupId) {
        return jobs.createVerification(backupId)
                .invoke(verification -> worker.submit("verification " + verification.id,
                        () -> verifications.run(verification.id)));
    }

    /**
     * Queues a restore over a registered database. {@code confirm} must repeat the target's name: overwriting a
     * database is not something to do by a slip of a field.
     */
    public Uni<Restore> requestRestore(UUID backupId, String target, String confirm) {
        if (!target.equals(confirm)) {
            return Uni.createFrom().failure(ProblemException.invalid("confirm", "must repeat the target's name, '"
                    + target + "', to confirm that its current contents will be replaced"));
        }
        return jobs.createRestore(backupId, target)
                .invoke(restore -> worker.submit("restore " + restore.id, () -> restores.run(restore.id)));
    }

    public Uni<Backup> getBackup(UUID id) {
        return jobs.getBackup(id);
    }

    public Uni<List<Backup>> listBackups(String database) {
        return jobs.listBackups(database);
    }

    public Uni<List<Verification>> listVerifications(UUID backupId) {
        return jobs.listVerifications(backupId);
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
