package io.rewind.backup.service;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.rewind.backup.Backup;
import io.rewind.backup.BackupReason;
import io.rewind.backup.BackupStatus;
import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.Restore;
import io.rewind.backup.RestoreStatus;
import io.rewind.backup.config.BackupConfig;
import io.rewind.backup.store.BackupStore;
import io.rewind.common.secret.SecretResolver;

/**
 * Restores a backup over a registered database. First a safety backup of the target (reason {@code pre-restore}):
 * without it the restore does not start. Then the dump's checksum is checked, since a restore of a damaged file would
 * be worse than none. Then {@code pg_restore --clean --if-exists --single-transaction}: the target changes completely
 * or, on any error, not at all. Objects the dump does not contain are left as they are.
 */
@ApplicationScoped
public class RestoreRunner {

    private static final Logger LOG = Logger.getLogger(RestoreRunner.class);

    private final JobStore jobs;
    private final BackupStore store;
    private final SecretResolver passwords;
    private final BackupConfig config;
    private final BackupRunner backups;

    public RestoreRunner(JobStore jobs, BackupStore store, SecretResolver passwords, BackupConfig config,
            BackupRunner backups) {
        this.jobs = jobs;
        this.store = store;
        this.passwords = passwords;
        this.config = config;
        this.backups = backups;
    }

    /** Runs a PENDING restore to its end on the calling (worker) thread. */
    public void run(UUID id) {
        Restore started = Worker.await(() -> jobs.updateRestore(id, restore -> {
            if (restore.status == RestoreStatus.PENDING) {
                restore.status = RestoreStatus.RUNNING;
                restore.startedAt = JobStore.now();
                restore.owner = JobStore.OWNER;
            }
        }));
        if (started == null || started.status != RestoreStatus.RUNNING || !JobStore.OWNER.equals(started.owner)) {
            return;
        }
        String error;
        try {
            restore(started);
            error = null;
        } catch (JobFailure e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            LOG.errorf(e, "restore %s failed unexpectedly", id);
            error = "unexpected error: " + e;
        }
        String failure = error;
        Worker.await(() -> jobs.updateRestore(id, restore -> {
            restore.status = failure == null ? RestoreStatus.SUCCEEDED : RestoreStatus.FAILED;
            restore.endedAt = JobStore.now();
            restore.error = failure;
        }));
    }

    private void restore(Restore restore) throws JobFailure {
        Backup backup = Worker.await(() -> jobs.findBackup(restore.backupId));
        RegisteredDatabase target = Worker.await(() -> jobs.findDatabase(restore.targetDatabase));
        if (backup == null || backup.status != BackupStatus.SUCCEEDED) {
            throw new JobFailure("backup " + restore.backupId + " no longer exists or did not succeed");
        }
        if (target == null) {
            throw new JobFailure("database '" + restore.targetDatabase + "' is no longer registered");
        }
        ServerAccess access = BackupRunner.access(target, passwords);

        Backup safety = Worker.await(() -> jobs.createBackup(target.name, BackupReason.PRE_RESTORE, null, null));
        Worker.await(() -> jobs.updateRestore(restore.id, r -> r.safetyBackupId = safety.id));
        Backup safe = backups.run(safety.id);
        if (safe == null || safe.status != BackupStatus.SUCCEEDED) {
            throw new JobFailure("the safety backup " + safety.id + " of '" + target.name + "' failed, so the target"
                    + " was not touched: " + (safe == null ? "it disappeared" : safe.error));
        }

        try (InputStream input = store.open(backup.storeKey)) {
            BackupRunner.Checksum found = BackupRunner.checksum(input);
            if (!found.sha256().equals(backup.sha256)) {
                throw new JobFailure("refused: the dump file's SHA-256 is " + found.sha256() + ", the backup recorded "
                        + backup.sha256 + "; the target was not touched");
            }
        } catch (IOException e) {
            throw new JobFailure("cannot read the dump file " + backup.storeKey + ": " + e.getMessage(), e);
        }

        PgTools.Tool pgRestore = backups.locate("pg_restore", backup.serverVersion);
        List<String> command = new ArrayList<>(List.of(pgRestore.path().toString(), "--format=custom", "--clean",
                "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl"));
        command.addAll(access.options(access.database()));
        try (InputStream input = store.open(backup.storeKey)) {
            Processes.Result result = Processes.run(command, access.password(), input, null, null,
                    config.processTimeout());
            if (!result.succeeded()) {
                throw new JobFailure(result.failure("pg_restore") + " (rolled back: the target is as it was)");
            }
        } catch (IOException e) {
            throw new JobFailure("cannot read the dump file " + backup.storeKey + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailure("interrupted: backup-service is stopping", e);
        }
    }
}
