package io.rewind.backup.service;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.backup.Backup;
import io.rewind.backup.BackupReason;
import io.rewind.backup.BackupStatus;
import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.Restore;
import io.rewind.backup.RestoreStatus;
import io.rewind.backup.Verification;
import io.rewind.backup.VerificationStatus;
import io.rewind.backup.repository.BackupRepository;
import io.rewind.backup.repository.RegisteredDatabaseRepository;
import io.rewind.backup.repository.RestoreRepository;
import io.rewind.backup.repository.VerificationRepository;
import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.problem.ProblemType;
import io.rewind.common.rest.ListPage;

/**
 * The records of backups, verifications and restores. Every job is written PENDING, with this process as its owner,
 * before anything runs, and each change of state is its own transaction, so that what the API shows is what happened
 * so far even if the process dies the next moment.
 */
@ApplicationScoped
public class JobStore {

    /** This process, as the owner of the jobs it runs: host and process id, unique among live replicas. */
    public static final String OWNER = owner();

    private static final List<BackupStatus> ACTIVE_BACKUP = List.of(BackupStatus.PENDING, BackupStatus.RUNNING);
    private static final List<VerificationStatus> ACTIVE_VERIFICATION = List.of(VerificationStatus.PENDING,
            VerificationStatus.RUNNING);
    private static final List<RestoreStatus> ACTIVE_RESTORE = List.of(RestoreStatus.PENDING, RestoreStatus.RUNNING);

    private final RegisteredDatabaseRepository databases;
    private final BackupRepository backups;
    private final VerificationRepository verifications;
    private final RestoreRepository restores;

    public JobStore(RegisteredDatabaseRepository databases, BackupRepository backups,
            VerificationRepository verifications, RestoreRepository restores) {
        this.databases = databases;
        this.backups = backups;
        this.verifications = verifications;
        this.restores = restores;
    }

    /**
     * Writes a PENDING backup of a registered database. A scheduled one carries its cron fire time: the second replica
     * to claim the same time fails on the unique index (see {@link Constraints#isUniqueViolation}), so a scheduled
     * backup runs once.
     */
    @WithTransaction
    public Uni<Backup> createBackup(String database, BackupReason reason, String releaseTag, OffsetDateTime scheduledFor) {
        return database(database).flatMap(registered -> backups.persistAndFlush(newBackup(registered.name, reason,
                releaseTag, scheduledFor)));
    }

    /** A job a request asked for, and whether this request wrote it (false: it was already under way). */
    public record Requested<T>(T job, boolean created) {
    }

    /**
     * A backup of a registered database asked for through the API: the one already waiting or running for it, if
     * any (whatever asked for that one), else a new PENDING one, unless the queue is full ({@link QueueFull}). Two
     * requests racing past the look-up meet on the unique index {@code backups_one_requested_per_database}: the
     * loser fails with a unique violation, and the caller answers with {@link #backupUnderWay}.
     */
    @WithTransaction
    public Uni<Requested<Backup>> requestBackup(String database, BackupReason reason, String releaseTag, int maxQueued) {
        return database(database).flatMap(registered -> backups.underWay(registered.name).flatMap(underWay -> {
            if (underWay != null) {
                return Uni.createFrom().item(new Requested<>(underWay, false));
            }
            return roomInQueue(maxQueued).flatMap(room -> backups.persistAndFlush(newBackup(registered.name, reason,
                    releaseTag, null))).map(backup -> new Requested<>(backup, true));
        }));
    }

    @WithSession
    public Uni<Backup> backupUnderWay(String database) {
        return backups.underWay(database);
    }

    /**
     * A verification of a backup asked for through the API, as {@link #requestBackup}: the one already waiting or
     * running for that backup, else a new one. Only a backup that succeeded can be verified (409).
     */
    @WithTransaction
    public Uni<Requested<Verification>> requestVerification(UUID backupId, int maxQueued) {
        return backup(backupId).flatMap(backup -> {
            if (backup.status != BackupStatus.SUCCEEDED) {
                return Uni.createFrom().failure(ProblemException.conflict("Backup " + backupId + " is "
                        + backup.status + ": only a backup that succeeded can be verified."));
            }
            return verifications.underWay(backupId).flatMap(underWay -> underWay != null
                    ? Uni.createFrom().item(new Requested<>(underWay, false))
                    : roomInQueue(maxQueued).flatMap(room -> verifications.persistAndFlush(newVerification(backup, null)))
                            .map(verification -> new Requested<>(verification, true)));
        });
    }

    @WithSession
    public Uni<Verification> verificationUnderWay(UUID backupId) {
        return verifications.underWay(backupId);
    }

    /**
     * Fails with {@link QueueFull} when {@code maxQueued} jobs or more are waiting for a worker, on any replica. Read
     * before the insert in the same transaction, not under a lock: requests that race may overshoot the cap by their
     * number, which keeps it a bound without serialising every request.
     */
    private Uni<Void> roomInQueue(int maxQueued) {
        return backups.count("status", BackupStatus.PENDING)
                .flatMap(b -> verifications.count("status", VerificationStatus.PENDING)
                        .flatMap(v -> restores.count("status", RestoreStatus.PENDING).map(r -> b + v + r)))
                .flatMap(queued -> queued >= maxQueued ? Uni.createFrom().failure(new QueueFull(queued, maxQueued))
                        : Uni.createFrom().voidItem());
    }

    /**
     * Claims the scheduled verification of a database's newest successful backup at a cron fire time. Null when there
     * is none to verify; a unique violation when another replica claimed it first.
     */
    @WithTransaction
    public Uni<Verification> claimScheduledVerification(String database, OffsetDateTime scheduledFor) {
        return backups.newestSucceeded(database).flatMap(backup -> backup == null ? Uni.createFrom().nullItem()
                : verifications.persistAndFlush(newVerification(backup, scheduledFor)));
    }

    /**
     * Writes a PENDING restore of a succeeded backup over a registered database. A caller that is not an admin
     * ({@code anyDatabase} false: executor-service) may restore only over a database whose {@code serviceRestores}
     * an admin turned on (403). While another restore into the target is waiting or running, it fails with
     * {@link #busy}; two requests racing past that look-up meet on the unique index
     * {@code restores_one_active_per_target} (and two copies of one request on the Idempotency-Key's constraint),
     * and the loser fails with a unique violation, or with {@link RestoreBusy} when it already saw the winner's row:
     * the caller tells which of the two it lost to.
     */
    @WithTransaction
    public Uni<Restore> createRestore(UUID backupId, String target, String caller, boolean anyDatabase,
            String idempotencyKey) {
        return backup(backupId).flatMap(backup -> {
            if (backup.status != BackupStatus.SUCCEEDED) {
                return Uni.createFrom().failure(ProblemException.conflict("Backup " + backupId + " is "
                        + backup.status + ": only a backup that succeeded can be restored."));
            }
            return databases.findByName(target).flatMap(registered -> {
                if (registered == null) {
                    return Uni.createFrom().failure(ProblemException.invalid("target",
                            "must be a registered database; '" + target + "' is not"));
                }
                if (!anyDatabase && !registered.serviceRestores) {
                    return Uni.createFrom().failure(ProblemException.forbidden("Database '" + registered.name
                            + "' does not allow restores by " + caller + ": its serviceRestores setting is off. An"
                            + " admin may turn it on (PUT /api/databases/" + registered.name + " with"
                            + " \"serviceRestores\": true) or restore it with an admin key."));
                }
                return restores.underWay(registered.name).flatMap(underWay -> {
                    if (underWay != null) {
                        return Uni.createFrom().failure(busy(underWay));
                    }
                    Restore restore = new Restore();
                    restore.id = UUID.randomUUID();
                    restore.backupId = backup.id;
                    restore.sourceDatabase = backup.databaseName;
                    restore.targetDatabase = registered.name;
                    restore.status = RestoreStatus.PENDING;
                    restore.requestedAt = now();
                    restore.requestedBy = caller;
                    restore.idempotencyKey = idempotencyKey;
                    restore.owner = OWNER;
                    restore.heartbeatAt = restore.requestedAt;
                    return restores.persistAndFlush(restore);
                });
            });
        });
    }

    /**
     * 409 naming the restore that is under way ({@code runningRestoreId}). Its own type, so that the caller can tell
     * it from other refusals: the restore under way may be this very request's, stored a moment ago by its twin.
     */
    public static final class RestoreBusy extends ProblemException {

        RestoreBusy(Restore underWay) {
            super(Problem.of(ProblemType.CONFLICT, 409, "Database '" + underWay.targetDatabase
                    + "' is already being restored (restore " + underWay.id + ", " + underWay.status + "); wait for it"
                    + " to end: GET /api/restores/" + underWay.id + ".").with("runningRestoreId", underWay.id));
        }
    }

    public static RestoreBusy busy(Restore underWay) {
        return new RestoreBusy(underWay);
    }

    @WithSession
    public Uni<Restore> restoreUnderWay(String target) {
        return restores.underWay(target);
    }

    @WithSession
    public Uni<Restore> restoreByIdempotencyKey(String caller, String key) {
        return restores.byIdempotencyKey(caller, key);
    }

    @WithSession
    public Uni<RegisteredDatabase> findDatabase(String name) {
        return databases.findByName(name);
    }

    @WithSession
    public Uni<List<RegisteredDatabase>> listDatabases() {
        return databases.listByName();
    }

    @WithSession
    public Uni<Backup> getBackup(UUID id) {
        return backup(id);
    }

    /** Null when it does not exist: for workers, which must not fail on a job deleted under them. */
    @WithSession
    public Uni<Backup> findBackup(UUID id) {
        return backups.findById(id);
    }

    @WithSession
    public Uni<List<Backup>> listBackups(String database, ListPage page) {
        if (database == null) {
            return backups.page(null, page);
        }
        return database(database).flatMap(registered -> backups.page(database, page));
    }

    @WithSession
    public Uni<List<Verification>> listVerifications(UUID backupId, ListPage page) {
        return backup(backupId).flatMap(backup -> verifications.page(backupId, page));
    }

    /** Restores into {@code target}, or into every database: those of a database since unregistered too. */
    @WithSession
    public Uni<List<Restore>> listRestores(String target, ListPage page) {
        return restores.page(target, page);
    }

    @WithSession
    public Uni<Verification> findVerification(UUID id) {
        return verifications.findById(id);
    }

    @WithSession
    public Uni<Restore> getRestore(UUID id) {
        return restores.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Restore", id));
    }

    @WithSession
    public Uni<Restore> findRestore(UUID id) {
        return restores.findById(id);
    }

    /** Applies a change to a backup in a transaction of its own; the result is the backup as stored. */
    @WithTransaction
    public Uni<Backup> updateBackup(UUID id, Consumer<Backup> change) {
        return backups.findById(id).invoke(backup -> {
            if (backup != null) {
                change.accept(backup);
                backup.heartbeatAt = now();
            }
        });
    }

    /**
     * Records a verification's end and, on its backup, the result, which readiness and retention read from there.
     */
    @WithTransaction
    public Uni<Verification> updateVerification(UUID id, Consumer<Verification> change) {
        return verifications.findById(id).call(verification -> {
            if (verification == null) {
                return Uni.createFrom().nullItem();
            }
            change.accept(verification);
            verification.heartbeatAt = now();
            if (verification.status != VerificationStatus.VERIFIED && verification.status != VerificationStatus.FAILED) {
                return Uni.createFrom().nullItem();
            }
            return backups.findById(verification.backupId).invoke(backup -> {
                if (backup != null) {
                    backup.verificationStatus = verification.status;
                    backup.verifiedAt = verification.endedAt;
                }
            });
        });
    }

    @WithTransaction
    public Uni<Restore> updateRestore(UUID id, Consumer<Restore> change) {
        return restores.findById(id).invoke(restore -> {
            if (restore != null) {
                change.accept(restore);
                restore.heartbeatAt = now();
            }
        });
    }

    /** What readiness is computed from; see {@link Readiness}. */
    public record ReadinessFacts(RegisteredDatabase database, Backup newestVerified, Verification newestVerification,
            Verification newestRestoreMeasured) {
    }

    @WithSession
    public Uni<ReadinessFacts> readinessFacts(String name) {
        return database(name).flatMap(database -> backups.newestVerified(name)
                .flatMap(verified -> verifications.newestFinished(name)
                        .flatMap(newest -> verifications.newestWithRestoreDuration(name)
                                .map(measured -> new ReadinessFacts(database, verified, newest, measured)))));
    }

    /** Every backup of a database, newest first, and those a running verification or restore is reading. */
    public record RetentionFacts(List<Backup> backups, Set<UUID> inUse) {
    }

    @WithSession
    public Uni<RetentionFacts> retentionFacts(String database) {
        return backups.listNewestFirst(database).flatMap(list -> verifications
                .list("databaseName = ?1 and status in ?2", database, ACTIVE_VERIFICATION)
                .flatMap(verifying -> restores.list("sourceDatabase = ?1 and status in ?2", database, ACTIVE_RESTORE)
                        .map(restoring -> {
                            Set<UUID> inUse = new HashSet<>();
                            verifying.forEach(v -> inUse.add(v.backupId));
                            restoring.forEach(r -> inUse.add(r.backupId));
                            return new RetentionFacts(list, inUse);
                        })));
    }

    /** Backups left DELETING by a retention run that stopped half-way; the next run finishes them. */
    @WithSession
    public Uni<List<Backup>> listDeleting() {
        return backups.list("status", BackupStatus.DELETING);
    }

    /** Removes a backup's row (its verifications go with it) once its file is gone. */
    @WithTransaction
    public Uni<Void> deleteBackupRow(UUID id) {
        return backups.findById(id).flatMap(backup -> backup == null ? Uni.createFrom().voidItem()
                : backups.delete(backup));
    }

    /** Tells other replicas that this process still runs its jobs. */
    @WithTransaction
    public Uni<Void> heartbeat() {
        OffsetDateTime now = now();
        return backups.update("heartbeatAt = ?1 where owner = ?2 and status in ?3", now, OWNER, ACTIVE_BACKUP)
                .flatMap(n -> verifications.update("heartbeatAt = ?1 where owner = ?2 and status in ?3", now, OWNER,
                        ACTIVE_VERIFICATION))
                .flatMap(n -> restores.update("heartbeatAt = ?1 where owner = ?2 and status in ?3", now, OWNER,
                        ACTIVE_RESTORE))
                .replaceWithVoid();
    }

    /** A verification marked INTERRUPTED that may have left a scratch database on its database's server. */
    public record LeftScratch(String database, String scratchDatabase) {
    }

    /**
     * Marks INTERRUPTED every unfinished job whose owner has not reported since {@code staleBefore}: its process died.
     * Returns the scratch databases their verifications may have left, for the caller to drop.
     */
    @WithTransaction
    public Uni<List<LeftScratch>> interruptStale(OffsetDateTime staleBefore) {
        OffsetDateTime now = now();
        String error = "interrupted: the process running it stopped before it finished";
        return backups.list("status in ?1 and (heartbeatAt is null or heartbeatAt < ?2)", ACTIVE_BACKUP, staleBefore)
                .invoke(list -> list.forEach(backup -> {
                    backup.status = BackupStatus.INTERRUPTED;
                    backup.endedAt = now;
                    backup.error = error;
                }))
                .flatMap(ignored -> restores.list("status in ?1 and (heartbeatAt is null or heartbeatAt < ?2)",
                        ACTIVE_RESTORE, staleBefore))
                .invoke(list -> list.forEach(restore -> {
                    restore.status = RestoreStatus.INTERRUPTED;
                    restore.endedAt = now;
                    restore.error = error;
                }))
                .flatMap(ignored -> verifications.list("status in ?1 and (heartbeatAt is null or heartbeatAt < ?2)",
                        ACTIVE_VERIFICATION, staleBefore))
                .map(list -> {
                    List<LeftScratch> left = new ArrayList<>();
                    for (Verification verification : list) {
                        verification.status = VerificationStatus.INTERRUPTED;
                        verification.endedAt = now;
                        verification.error = error;
                        if (verification.scratchDatabase != null) {
                            left.add(new LeftScratch(verification.databaseName, verification.scratchDatabase));
                        }
                    }
                    return left;
                });
    }

    private static Backup newBackup(String database, BackupReason reason, String releaseTag,
            OffsetDateTime scheduledFor) {
        Backup backup = new Backup();
        backup.id = UUID.randomUUID();
        backup.databaseName = database;
        backup.status = BackupStatus.PENDING;
        backup.reason = reason;
        backup.releaseTag = releaseTag;
        backup.scheduledFor = scheduledFor;
        backup.requestedAt = now();
        backup.owner = OWNER;
        backup.heartbeatAt = backup.requestedAt;
        return backup;
    }

    private Verification newVerification(Backup backup, OffsetDateTime scheduledFor) {
        Verification verification = new Verification();
        verification.id = UUID.randomUUID();
        verification.backupId = backup.id;
        verification.databaseName = backup.databaseName;
        verification.status = VerificationStatus.PENDING;
        verification.scheduledFor = scheduledFor;
        verification.requestedAt = now();
        verification.owner = OWNER;
        verification.heartbeatAt = verification.requestedAt;
        return verification;
    }

    private Uni<RegisteredDatabase> database(String name) {
        return databases.findByName(name).onItem().ifNull().failWith(() -> ProblemException.notFound("Database", name));
    }

    private Uni<Backup> backup(UUID id) {
        return backups.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Backup", id));
    }

    /** PostgreSQL keeps microseconds: truncating here makes a write's response match what a later read returns. */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
