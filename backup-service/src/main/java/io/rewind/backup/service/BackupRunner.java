package io.rewind.backup.service;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.rewind.backup.Backup;
import io.rewind.backup.BackupStatus;
import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.config.BackupConfig;
import io.rewind.backup.store.BackupStore;
import io.rewind.common.secret.SecretResolver;

/**
 * Takes a backup: {@code pg_dump -Fc} of the registered database, streamed into the store while its SHA-256 is
 * computed in the same pass. The critical tables' row counts and the Flyway version are read in a REPEATABLE READ
 * transaction whose snapshot pg_dump then dumps ({@code --snapshot}), so the recorded counts are exactly those of the
 * dump, however busy the database is.
 */
@ApplicationScoped
public class BackupRunner {

    private static final Logger LOG = Logger.getLogger(BackupRunner.class);

    private final JobStore jobs;
    private final BackupStore store;
    private final SecretResolver passwords;
    private final BackupConfig config;
    private final PgTools tools;
    private final BackupMetrics metrics;

    public BackupRunner(JobStore jobs, BackupStore store, SecretResolver passwords, BackupConfig config,
            BackupMetrics metrics) {
        this.jobs = jobs;
        this.store = store;
        this.passwords = passwords;
        this.config = config;
        this.metrics = metrics;
        this.tools = new PgTools(config.pgBinDir(), System.getenv("PATH"));
    }

    PgTools tools() {
        return tools;
    }

    /** Runs a PENDING backup to its end, on the calling (worker) thread; returns it as recorded. */
    public Backup run(UUID id) {
        Backup started = Worker.await(() -> jobs.updateBackup(id, backup -> {
            if (backup.status == BackupStatus.PENDING) {
                backup.status = BackupStatus.RUNNING;
                backup.startedAt = JobStore.now();
                backup.owner = JobStore.OWNER;
            }
        }));
        if (started == null || started.status != BackupStatus.RUNNING || !JobStore.OWNER.equals(started.owner)) {
            return started;
        }
        String key = started.databaseName + "/" + id + ".dump";
        Backup finished;
        try {
            RegisteredDatabase database = Worker.await(() -> jobs.findDatabase(started.databaseName));
            if (database == null) {
                throw new JobFailure("database '" + started.databaseName + "' is no longer registered");
            }
            Dump dump = dump(access(database, passwords), database.criticalTables, key);
            finished = Worker.await(() -> jobs.updateBackup(id, backup -> {
                backup.status = BackupStatus.SUCCEEDED;
                backup.endedAt = JobStore.now();
                backup.storeKey = key;
                backup.sizeBytes = dump.size();
                backup.sha256 = dump.sha256();
                backup.serverVersion = dump.serverVersion();
                backup.pgDumpVersion = dump.pgDumpVersion();
                backup.schemaVersion = dump.schemaVersion();
                backup.tableCounts = dump.tableCounts();
            }));
        } catch (JobFailure | RuntimeException e) {
            String error = e instanceof JobFailure ? e.getMessage() : "unexpected error: " + e;
            if (!(e instanceof JobFailure)) {
                LOG.errorf(e, "backup %s failed unexpectedly", id);
            }
            deleteQuietly(key);
            finished = Worker.await(() -> jobs.updateBackup(id, backup -> {
                backup.status = BackupStatus.FAILED;
                backup.endedAt = JobStore.now();
                backup.error = error;
            }));
        }
        metrics.recordBackup(finished);
        return finished;
    }

    /** What a successful dump produced. */
    record Dump(long size, String sha256, String serverVersion, String pgDumpVersion, String schemaVersion,
            Map<String, Long> tableCounts) {
    }

    private record SnapshotFacts(Map<String, Long> counts, String schemaVersion) {
    }

    private static SnapshotFacts awaitFacts(CompletableFuture<SnapshotFacts> facts) throws SQLException {
        try {
            return facts.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    private Dump dump(ServerAccess access, List<String> criticalTables, String key) throws JobFailure {
        try (Connection connection = access.connect()) {
            String serverVersion = Snapshots.serverVersion(connection);
            PgTools.Tool pgDump = locate("pg_dump", serverVersion);
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            String snapshot = Snapshots.single(connection, "SELECT pg_export_snapshot()");
            Snapshots.checkTables(connection, criticalTables);
            // Counted in the exporting transaction while pg_dump dumps the same snapshot: the counts are the dump's,
            // and counting a large table no longer delays the dump. Only that thread uses the connection meanwhile.
            CompletableFuture<SnapshotFacts> facts = CompletableFuture.supplyAsync(() -> {
                try {
                    return new SnapshotFacts(Snapshots.countRows(connection, criticalTables),
                            Snapshots.schemaVersion(connection, config.flywaySchemas()).orElse(null));
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            }, task -> {
                Thread thread = new Thread(task, "backup-counts-" + key);
                thread.setDaemon(true);
                thread.start();
            });

            List<String> command = new ArrayList<>();
            command.add(pgDump.path().toString());
            command.add("--format=custom");
            command.add("--snapshot=" + snapshot);
            command.addAll(access.options(access.database()));
            LOG.infof("backup %s: %s | %s", key, String.join(" ", command), store.describe());
            MessageDigest sha256 = sha256();
            long[] size = { 0 };
            Processes.Result result = Processes.run(command, access.password(), null,
                    stdout -> size[0] = store.write(key, new DigestInputStream(stdout, sha256)), null,
                    config.processTimeout());
            SnapshotFacts read = awaitFacts(facts);
            // The snapshot must stay valid until pg_dump has imported it: the transaction ends only now.
            connection.commit();
            if (!result.succeeded()) {
                throw new JobFailure(result.failure("pg_dump"));
            }
            return new Dump(size[0], HexFormat.of().formatHex(sha256.digest()), serverVersion, pgDump.version(),
                    read.schemaVersion(), read.counts());
        } catch (SQLException e) {
            throw new JobFailure("cannot read " + access + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new JobFailure("cannot write the dump to the store: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailure("interrupted: backup-service is stopping", e);
        }
    }

    PgTools.Tool locate(String tool, String serverVersion) throws JobFailure {
        try {
            return tools.locate(tool, PgTools.majorOf(serverVersion));
        } catch (PgTools.ToolMissingException e) {
            throw new JobFailure(e.getMessage());
        }
    }

    /** The database's connection with its password resolved now; a reference that does not resolve fails the job. */
    static ServerAccess access(RegisteredDatabase database, SecretResolver passwords) throws JobFailure {
        Optional<String> password = passwords.resolve(database.passwordReference());
        if (password.isEmpty()) {
            String reference = database.passwordEnv != null ? "environment variable " + database.passwordEnv
                    : "file " + database.passwordFile;
            throw new JobFailure("the password of database '" + database.name + "' does not resolve: " + reference
                    + " is unset, empty or unreadable");
        }
        return new ServerAccess(database.host, database.port, database.databaseName, database.username, password.get());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The SHA-256 (hex) and size of what was read. */
    record Checksum(String sha256, long size) {
    }

    /** Reads an object to its end. */
    static Checksum checksum(InputStream input) throws IOException {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[1 << 16];
        long size = 0;
        for (int n; (n = input.read(buffer)) >= 0;) {
            sha256.update(buffer, 0, n);
            size += n;
        }
        return new Checksum(HexFormat.of().formatHex(sha256.digest()), size);
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not remove the partial dump %s: %s", key, e.getMessage());
        }
    }
}
