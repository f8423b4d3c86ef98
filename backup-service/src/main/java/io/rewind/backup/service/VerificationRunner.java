package io.rewind.backup.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.rewind.backup.Backup;
import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.Verification.Phase;
import io.rewind.backup.Verification;
import io.rewind.backup.VerificationStatus;
import io.rewind.backup.config.BackupConfig;
import io.rewind.backup.store.BackupStore;
import io.rewind.common.secret.SecretResolver;

/**
 * Proves a backup restores, in phases that each record their duration:
 * <ol>
 * <li>{@code checksum}: re-read the file from the store and compare its SHA-256 and size with those recorded;</li>
 * <li>{@code structure}: {@code pg_restore --list} reads the archive's table of contents;</li>
 * <li>{@code data}: {@code pg_restore -f /dev/null} reads every data block, which {@code --list} alone does not (a
 * truncated dump lists fine);</li>
 * <li>{@code restore}: restore into a scratch database on the database's own server, created for this verification and
 * always dropped afterwards;</li>
 * <li>{@code compare}: the restored critical tables' row counts and Flyway version against those recorded at dump
 * time.</li>
 * </ol>
 * VERIFIED only when every phase passed. A failed checksum does not stop the archive checks, whose findings help tell
 * a damaged file from a tampered record; a missing file or an unreadable archive skips what follows.
 */
@ApplicationScoped
public class VerificationRunner {

    /** Scratch databases carry this prefix, so that those a crash left behind can be recognised and dropped. */
    public static final String SCRATCH_PREFIX = "rewind_scratch_";

    private static final Logger LOG = Logger.getLogger(VerificationRunner.class);

    private final JobStore jobs;
    private final BackupStore store;
    private final SecretResolver passwords;
    private final BackupConfig config;
    private final BackupRunner backups;
    private final BackupMetrics metrics;

    public VerificationRunner(JobStore jobs, BackupStore store, SecretResolver passwords, BackupConfig config,
            BackupRunner backups, BackupMetrics metrics) {
        this.jobs = jobs;
        this.store = store;
        this.passwords = passwords;
        this.config = config;
        this.backups = backups;
        this.metrics = metrics;
    }

    /** Runs a PENDING verification to its end on the calling (worker) thread. */
    public void run(UUID id) {
        Verification started = Worker.await(() -> jobs.updateVerification(id, verification -> {
            if (verification.status == VerificationStatus.PENDING) {
                verification.status = VerificationStatus.RUNNING;
                verification.startedAt = JobStore.now();
                verification.owner = JobStore.OWNER;
            }
        }));
        if (started == null || started.status != VerificationStatus.RUNNING || !JobStore.OWNER.equals(started.owner)) {
            return;
        }
        List<Phase> phases = new ArrayList<>();
        Long[] restoreMillis = { null };
        try {
            verify(started, phases, restoreMillis);
        } catch (RuntimeException e) {
            LOG.errorf(e, "verification %s failed unexpectedly", id);
            phases.add(new Phase("unexpected", Phase.FAILED, 0, "unexpected error: " + e));
        }
        List<String> failures = phases.stream().filter(p -> Phase.FAILED.equals(p.status()))
                .map(p -> p.name() + ": " + p.detail()).toList();
        Verification finished = Worker.await(() -> jobs.updateVerification(id, verification -> {
            verification.status = failures.isEmpty() ? VerificationStatus.VERIFIED : VerificationStatus.FAILED;
            verification.endedAt = JobStore.now();
            verification.phases = new Verification.Phases(phases);
            verification.error = failures.isEmpty() ? null : String.join("; ", failures);
            verification.restoreDurationMs = restoreMillis[0];
        }));
        metrics.recordVerification(finished);
        metrics.refresh(started.databaseName);
    }

    private void verify(Verification verification, List<Phase> phases, Long[] restoreMillis) {
        Backup backup = Worker.await(() -> jobs.findBackup(verification.backupId));
        if (backup == null) {
            phases.add(new Phase("checksum", Phase.FAILED, 0, "the backup no longer exists"));
            return;
        }
        long start = System.nanoTime();
        try (InputStream input = store.open(backup.storeKey)) {
            BackupRunner.Checksum found = BackupRunner.checksum(input);
            if (found.sha256().equals(backup.sha256) && Objects.equals(found.size(), backup.sizeBytes)) {
                phases.add(phase("checksum", start, null, "SHA-256 " + found.sha256() + ", " + found.size() + " bytes"));
            } else {
                phases.add(phase("checksum", start, "checksum mismatch: the store holds SHA-256 " + found.sha256()
                        + " (" + found.size() + " bytes), the backup recorded " + backup.sha256 + " ("
                        + backup.sizeBytes + " bytes)", null));
            }
        } catch (NoSuchFileException e) {
            phases.add(phase("checksum", start, "the dump file " + backup.storeKey + " is missing from the store", null));
            skip(phases, "structure", "data", "restore", "compare");
            return;
        } catch (IOException e) {
            phases.add(phase("checksum", start, "cannot read the dump file " + backup.storeKey + ": " + e.getMessage(), null));
            skip(phases, "structure", "data", "restore", "compare");
            return;
        }

        RegisteredDatabase database = Worker.await(() -> jobs.findDatabase(backup.databaseName));
        ServerAccess access;
        PgTools.Tool pgRestore;
        try {
            if (database == null) {
                throw new JobFailure("database '" + backup.databaseName + "' is no longer registered: no server to"
                        + " restore into");
            }
            access = BackupRunner.access(database, passwords);
            pgRestore = backups.locate("pg_restore", backup.serverVersion);
        } catch (JobFailure e) {
            phases.add(new Phase("structure", Phase.FAILED, 0, e.getMessage()));
            skip(phases, "data", "restore", "compare");
            return;
        }

        if (!archivePhase(phases, "structure", backup, access, List.of("--list"), false)) {
            archivePhase(phases, "data", backup, access, List.of("--file=/dev/null"), false);
            skip(phases, "restore", "compare");
            return;
        }
        // Reading every block and restoring both read the whole archive, one decompressing on this machine's CPU, the
        // other waiting mostly on the database server: side by side they take hardly longer than the restore alone.
        // The read runs at a lower CPU priority, so that the restore, whose duration readiness reports as what a real
        // restore takes, is not slowed by it (on 2 cores it was ~2 s slower over 18 s without).
        List<Phase> data = new ArrayList<>();
        CompletableFuture<Boolean> reading = CompletableFuture.supplyAsync(
                () -> archivePhase(data, "data", backup, access, List.of("--file=/dev/null"), true),
                task -> {
                    Thread thread = new Thread(task, "verification-data-" + verification.id);
                    thread.setDaemon(true);
                    thread.start();
                });
        List<Phase> restored = new ArrayList<>();
        restoreAndCompare(verification, backup, database, access, pgRestore, restored, restoreMillis);
        reading.join();
        phases.addAll(data);
        phases.addAll(restored);
    }

    /**
     * Runs {@code pg_restore} on the backup's archive: a file of the local store is named on the command line, so
     * pg_restore reads it itself; anything else is streamed from the store into its standard input.
     */
    private Processes.Result pgRestore(List<String> command, Backup backup, ServerAccess access, Path stdoutFile)
            throws IOException, InterruptedException {
        java.util.Optional<Path> local = store.localFile(backup.storeKey);
        if (local.isPresent()) {
            List<String> withFile = new ArrayList<>(command);
            withFile.add(local.get().toString());
            return Processes.run(withFile, access.password(), null, null, stdoutFile, config.processTimeout());
        }
        try (InputStream input = store.open(backup.storeKey)) {
            return Processes.run(command, access.password(), input, null, stdoutFile, config.processTimeout());
        }
    }

    /**
     * {@code pg_restore} reading the archive from the store without a database: its table of contents or all of it;
     * {@code lowPriority} runs it under {@code nice} (when the system has it).
     */
    private boolean archivePhase(List<Phase> phases, String name, Backup backup, ServerAccess access,
            List<String> options, boolean lowPriority) {
        long start = System.nanoTime();
        Path listing = null;
        try {
            PgTools.Tool pgRestore = backups.locate("pg_restore", backup.serverVersion);
            List<String> command = new ArrayList<>();
            Path nice = lowPriority ? nice() : null;
            if (nice != null) {
                command.addAll(List.of(nice.toString(), "-n", "10"));
            }
            command.addAll(List.of(pgRestore.path().toString(), "--format=custom"));
            command.addAll(options);
            listing = Files.createTempFile("rewind-list-", ".txt");
            Processes.Result result = pgRestore(command, backup, access, listing);
            if (!result.succeeded()) {
                phases.add(phase(name, start, result.failure("pg_restore"), null));
                return false;
            }
            String detail = name.equals("structure")
                    ? Files.readAllLines(listing).stream().filter(line -> !line.isBlank() && !line.startsWith(";"))
                            .count() + " archive entries"
                    : "every data block read";
            phases.add(phase(name, start, null, detail));
            return true;
        } catch (JobFailure | IOException e) {
            phases.add(phase(name, start, e.getMessage(), null));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            phases.add(phase(name, start, "interrupted: backup-service is stopping", null));
            return false;
        } finally {
            deleteQuietly(listing);
        }
    }

    /**
     * coreutils' nice, or null where there is none (the read then runs at normal priority). Looked up when used, not
     * in a static field: a native image initialises classes at build time, on another machine.
     */
    private static Path nice() {
        return Stream.of("/usr/bin/nice", "/bin/nice").map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }

    private void restoreAndCompare(Verification verification, Backup backup, RegisteredDatabase database,
            ServerAccess access, PgTools.Tool pgRestore, List<Phase> phases, Long[] restoreMillis) {
        String scratch = SCRATCH_PREFIX + verification.id.toString().replace("-", "");
        // Recorded before it exists: a crash from here on leaves a name that the next process drops.
        Worker.await(() -> jobs.updateVerification(verification.id, v -> v.scratchDatabase = scratch));
        long start = System.nanoTime();
        try {
            try (Connection maintenance = access.connect(config.maintenanceDatabase());
                    Statement statement = maintenance.createStatement()) {
                statement.execute("CREATE DATABASE " + scratch + " TEMPLATE template0");
            } catch (SQLException e) {
                phases.add(phase("restore", start, "cannot create the scratch database " + scratch + " on "
                        + access.host() + ":" + access.port() + ": " + e.getMessage(), null));
                skip(phases, "compare");
                return;
            }
            List<String> command = new ArrayList<>(List.of(pgRestore.path().toString(), "--format=custom",
                    "--no-owner", "--no-acl", "--exit-on-error"));
            command.addAll(access.options(scratch));
            Processes.Result result = pgRestore(command, backup, access, null);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (!result.succeeded()) {
                phases.add(new Phase("restore", Phase.FAILED, millis, result.failure("pg_restore")));
                skip(phases, "compare");
                return;
            }
            restoreMillis[0] = millis;
            phases.add(new Phase("restore", Phase.PASSED, millis, "restored into scratch database " + scratch));
            compare(backup, access, scratch, phases);
        } catch (IOException e) {
            phases.add(phase("restore", start, "cannot read the dump file: " + e.getMessage(), null));
            skip(phases, "compare");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            phases.add(phase("restore", start, "interrupted: backup-service is stopping", null));
        } finally {
            dropScratch(access, config.maintenanceDatabase(), scratch);
        }
    }

    private void compare(Backup backup, ServerAccess access, String scratch, List<Phase> phases) {
        long start = System.nanoTime();
        try (Connection connection = access.connect(scratch)) {
            List<String> tables = new ArrayList<>(backup.tableCounts == null ? List.of() : backup.tableCounts.keySet());
            List<String> mismatches = new ArrayList<>();
            Map<String, Long> restored;
            try {
                restored = Snapshots.countRows(connection, tables);
            } catch (SQLException e) {
                phases.add(phase("compare", start, e.getMessage(), null));
                return;
            }
            for (String table : tables) {
                if (!Objects.equals(backup.tableCounts.get(table), restored.get(table))) {
                    mismatches.add(table + " has " + restored.get(table) + " rows, the backup recorded "
                            + backup.tableCounts.get(table));
                }
            }
            Optional<String> version = Snapshots.schemaVersion(connection, config.flywaySchemas());
            if (!Objects.equals(backup.schemaVersion, version.orElse(null))) {
                mismatches.add("schema version is " + version.orElse("none") + ", the backup recorded "
                        + (backup.schemaVersion == null ? "none" : backup.schemaVersion));
            }
            String detail = tables.size() + " critical tables match, schema version "
                    + (backup.schemaVersion == null ? "none" : backup.schemaVersion);
            phases.add(phase("compare", start, mismatches.isEmpty() ? null : String.join("; ", mismatches),
                    detail));
        } catch (SQLException e) {
            phases.add(phase("compare", start, "cannot read the scratch database: " + e.getMessage(), null));
        }
    }

    /**
     * Drops a scratch database, ending any session still in it. Never throws: a failure is logged, and the name stays
     * on the verification for the next sweep.
     */
    static void dropScratch(ServerAccess access, String maintenanceDatabase, String scratch) {
        if (!scratch.startsWith(SCRATCH_PREFIX) || !scratch.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a scratch database: " + scratch);
        }
        try (Connection maintenance = access.connect(maintenanceDatabase);
                Statement statement = maintenance.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
        } catch (SQLException e) {
            LOG.warnf("could not drop the scratch database %s on %s:%d: %s", scratch, access.host(), access.port(),
                    e.getMessage());
        }
    }

    private static Phase phase(String name, long startNanos, String failure, String detail) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        return failure == null ? new Phase(name, Phase.PASSED, millis, detail)
                : new Phase(name, Phase.FAILED, millis, failure);
    }

    private static void skip(List<Phase> phases, String... names) {
        for (String name : names) {
            phases.add(new Phase(name, Phase.SKIPPED, 0, "skipped after an earlier phase failed"));
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debugf("could not remove %s: %s", file, e.getMessage());
            }
        }
    }
}
