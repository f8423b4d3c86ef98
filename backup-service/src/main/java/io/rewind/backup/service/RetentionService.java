package io.rewind.backup.service;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.rewind.backup.Backup;
import io.rewind.backup.BackupStatus;
import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.Retention;
import io.rewind.backup.VerificationStatus;
import io.rewind.backup.store.BackupStore;

/**
 * Deletes the backups a database's retention no longer keeps, after each backup and on
 * {@code rewind.backup.retention-cron}. A backup goes file and row together: it is marked DELETING, its file removed,
 * then its row (with its verifications). A run that stops half-way leaves a DELETING row, which the next run finishes,
 * so neither a file without a row nor a row without a file survives.
 */
@ApplicationScoped
public class RetentionService {

    private static final Logger LOG = Logger.getLogger(RetentionService.class);

    private final JobStore jobs;
    private final BackupStore store;

    public RetentionService(JobStore jobs, BackupStore store) {
        this.jobs = jobs;
        this.store = store;
    }

    /**
     * The backups to delete, from a database's backups newest first. Kept: unfinished ones; the newest verified one,
     * whatever its age (readiness and the next restore depend on it); those a verification or restore is reading; the
     * newest {@code keepLast} that succeeded; and every one younger than {@code keepDays}.
     */
    public static List<Backup> toDelete(List<Backup> newestFirst, Retention retention, Set<UUID> inUse,
            OffsetDateTime now) {
        Backup newestVerified = newestFirst.stream()
                .filter(b -> b.status == BackupStatus.SUCCEEDED && b.verificationStatus == VerificationStatus.VERIFIED)
                .findFirst().orElse(null);
        OffsetDateTime keepAfter = now.minusDays(retention.keepDays());
        List<Backup> delete = new ArrayList<>();
        int succeeded = 0;
        for (Backup backup : newestFirst) {
            if (!backup.status.isFinished() || backup == newestVerified || inUse.contains(backup.id)) {
                continue;
            }
            if (backup.status == BackupStatus.SUCCEEDED && succeeded++ < retention.keepLast()) {
                continue;
            }
            if (backup.requestedAt.isAfter(keepAfter)) {
                continue;
            }
            delete.add(backup);
        }
        return delete;
    }

    /** Applies a database's retention; blocking, for worker threads. */
    public void apply(String database) {
        RegisteredDatabase registered = Worker.await(() -> jobs.findDatabase(database));
        if (registered == null) {
            return;
        }
        JobStore.RetentionFacts facts = Worker.await(() -> jobs.retentionFacts(database));
        for (Backup backup : toDelete(facts.backups(), registered.retention(), facts.inUse(), JobStore.now())) {
            delete(backup);
        }
    }

    /** Finishes deletions left half-done, then applies every registered database's retention. */
    public void applyAll() {
        for (Backup backup : Worker.await(jobs::listDeleting)) {
            delete(backup);
        }
        for (RegisteredDatabase database : Worker.await(jobs::listDatabases)) {
            apply(database.name);
        }
    }

    private void delete(Backup backup) {
        Worker.await(() -> jobs.updateBackup(backup.id, b -> b.status = BackupStatus.DELETING));
        try {
            if (backup.storeKey != null) {
                store.delete(backup.storeKey);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("retention could not delete the file of backup %s (%s), will retry: %s", backup.id,
                    backup.storeKey, e.getMessage());
            return;
        }
        Worker.await(() -> jobs.deleteBackupRow(backup.id));
        LOG.infof("retention deleted backup %s of %s", backup.id, backup.databaseName);
    }
}
