package io.rewind.executor.action;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.StepKind;
import io.rewind.executor.client.BackupClient;
import io.rewind.executor.client.BackupViews;
import io.rewind.executor.config.ExecutorConfig;
import io.rewind.executor.params.RestoreParams;
import io.rewind.executor.repository.EarlierSteps;
import io.rewind.executor.repository.StepQueue;
import io.rewind.executor.target.BackupTarget;

/**
 * {@code postgres.restore}: restores a database from a backup through backup-service (seed 002, "Database Rollback").
 * The database is the step's {@code backup} target's; the step gives only {@code backupId} and {@code force}
 * ({@link RestoreParams}).
 *
 * <p>Before anything, and recorded as the before-state so a resumed step restores the same backup: backup-service's
 * readiness for the database ({@code GET /api/databases/{name}/readiness}), and the backup to restore, the one named
 * by {@code backupId} or else readiness' newest verified backup. It refuses, naming every reason, when the database is
 * not ready (reasons from backup-service) or when no earlier step of the execution stopped writes, since a restore
 * throws away every write made since the backup; only a {@code kubernetes.scale} to 0 replicas that succeeded counts
 * (see {@link EarlierSteps#thatStoppedWrites}). {@code force: true} restores anyway.
 *
 * <p>It then asks for the restore ({@code POST /api/backups/{id}/restores}, confirming with the target's name, with the
 * step's {@code Idempotency-Key}) and follows the job until it ends. The step writes down that it is about to ask
 * before it asks, and the restore's id the moment it has it; a resumed step follows the recorded restore. One that
 * finds it asked but has no id (the service died during that one request) asks again under the same key, which
 * backup-service answers with the restore the first request started, if it arrived. Once asked, the step is followed
 * to its end even when its execution is cancelled ({@link #inFlight}). Not compensable: the way back is the safety
 * backup backup-service takes of the target before overwriting it, named in the output.
 */
@ApplicationScoped
public class RestoreAction implements StepAction {

    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);

    private final BackupClient backups;
    private final EarlierSteps earlier;
    private final StepQueue queue;
    private final ExecutorConfig config;

    public RestoreAction(BackupClient backups, EarlierSteps earlier, StepQueue queue, ExecutorConfig config) {
        this.backups = backups;
        this.earlier = earlier;
        this.queue = queue;
        this.config = config;
    }

    @Override
    public StepKind kind() {
        return StepKind.POSTGRES_RESTORE;
    }

    private static String database(StepContext context) {
        return context.target(BackupTarget.class).database();
    }

    private static boolean forced(StepContext context) {
        return context.params(RestoreParams.class).force();
    }

    /** Decides what to restore, or refuses with every reason. Changes nothing. */
    private Map<String, Object> decide(StepContext context) {
        String database = database(context);
        BackupViews.Readiness readiness = backups.readiness(database);
        List<String> stoppedBy = context.execution() == null ? List.of()
                : earlier.thatStoppedWrites(context.execution().id(), context.execution().position()).await()
                        .atMost(DATABASE_WAIT);
        List<String> reasons = readiness.reasons() == null ? List.of() : readiness.reasons();
        List<String> refusals = new ArrayList<>();
        if (!readiness.ready()) {
            refusals.add("backup-service says '" + database + "' is not ready for a restore: "
                    + (reasons.isEmpty() ? "no reason given" : String.join("; ", reasons)));
        }
        if (stoppedBy.isEmpty()) {
            refusals.add("no earlier step of this execution stopped writes to it (a kubernetes.scale to 0 replicas), so "
                    + "the restore would throw away writes still being made");
        }
        boolean force = forced(context);
        if (!refusals.isEmpty() && !force) {
            throw new StepFailure("refusing to restore '" + database + "': " + String.join("; and ", refusals)
                    + ". Set force: true to restore anyway.");
        }
        String named = context.params(RestoreParams.class).backupId() == null ? null
                : context.params(RestoreParams.class).backupId().toString();
        BackupViews.Backup newest = readiness.newestVerifiedBackup();
        if (named == null && newest == null) {
            throw new StepFailure("there is no verified backup of '" + database + "' to restore"
                    + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")") + "; name one with backupId");
        }
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("database", database);
        before.put("backupId", named != null ? named : newest.id().toString());
        before.put("backupChosen", named != null ? "named" : "newest verified");
        if (named == null && newest.requestedAt() != null) {
            before.put("backupTakenAt", newest.requestedAt().toString());
        }
        before.put("ready", readiness.ready());
        if (!reasons.isEmpty()) {
            before.put("notReadyBecause", reasons);
        }
        before.put("writesStoppedBy", stoppedBy);
        if (!refusals.isEmpty()) {
            before.put("forcedPast", refusals);
        }
        return before;
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return decide(context);
    }

    @Override
    public Preview dryRun(StepContext context) {
        Map<String, Object> before = decide(context);
        String backup = before.get("backupId") + " (" + before.get("backupChosen") + ")";
        return new Preview(before, Map.of("backupId", before.get("backupId"), "database", database(context)),
                "would restore backup " + backup + " over '" + database(context)
                        + "'; backup-service takes a safety backup of it first"
                        + (before.containsKey("forcedPast") ? ", forced past: " + before.get("forcedPast") : ""));
    }

    @Override
    public Outcome apply(StepContext context) {
        String database = database(context);
        UUID backupId = UUID.fromString((String) context.recorded("backupId"));
        if (context.recorded("restoreId") instanceof String restoreId) {
            return follow(context, UUID.fromString(restoreId));
        }
        // The first attempt, or a resumed one that asked but never learnt the answer (it died during that request):
        // ask, under the step's Idempotency-Key, the same on every attempt, so a repeat is answered with the restore the
        // first request started and never starts a second one. Written down first: from here on a cancelled execution
        // follows this step to its end (inFlight).
        if (!(context.recorded("restoreRequestedAt") instanceof String)) {
            note(context, "restoreRequestedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        }
        BackupViews.Restore started;
        try {
            started = backups.startRestore(backupId, database, context.idempotencyKey("restore"));
        } catch (StepFailure refused) {
            note(context, "restoreRequestedAt", null);
            throw refused;
        } catch (RuntimeException e) {
            if (BackupClient.notSent(e)) {
                // Nothing reached backup-service: nothing is in flight.
                note(context, "restoreRequestedAt", null);
            }
            throw e;
        }
        note(context, "restoreId", started.id().toString());
        return progress(database, started);
    }

    /**
     * A step that has asked for a restore (or may have: its request's answer never came) has set backup-service going:
     * cancelling the execution does not abandon it, the step follows the restore to its end and reports it.
     */
    @Override
    public boolean inFlight(Map<String, Object> before) {
        return before != null && (before.get("restoreId") != null || before.get("restoreRequestedAt") != null);
    }

    private void note(StepContext context, String key, Object value) {
        if (context.execution() == null) {
            return;
        }
        Map<String, Object> notes = new HashMap<>();
        notes.put(key, value);
        queue.addToBefore(context.execution().id(), context.execution().position(), notes).await().atMost(DATABASE_WAIT);
    }

    private Outcome follow(StepContext context, UUID restoreId) {
        BackupViews.Restore restore = backups.restore(restoreId).orElseThrow(() -> new StepFailure(
                "backup-service no longer knows restore " + restoreId + ", which this step started"));
        return progress(database(context), restore);
    }

    private Outcome progress(String database, BackupViews.Restore restore) {
        String what = "restore " + restore.id() + " of backup " + restore.backupId() + " over '" + database + "'";
        String safety = restore.safetyBackupId() == null ? "" : "; safety backup " + restore.safetyBackupId()
                + " holds what it replaced";
        if ("SUCCEEDED".equals(restore.status())) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("restoreId", restore.id().toString());
            after.put("backupId", restore.backupId().toString());
            after.put("status", restore.status());
            if (restore.safetyBackupId() != null) {
                after.put("safetyBackupId", restore.safetyBackupId().toString());
            }
            return new Outcome.Done(after, "restored backup " + restore.backupId() + " over '" + database + "' (restore "
                    + restore.id() + safety + ")");
        }
        if (restore.ended()) {
            throw new StepFailure(what + " ended " + restore.status()
                    + (restore.error() == null ? "" : ": " + restore.error()) + safety);
        }
        return new Outcome.Waiting(what + ": " + restore.status(), config.backup().pollInterval());
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        UUID id = UUID.fromString((String) done.after().get("restoreId"));
        return backups.restore(id).filter(r -> "SUCCEEDED".equals(r.status()))
                .map(r -> Check.ok("restore " + id + " succeeded"))
                .orElseGet(() -> Check.failed("backup-service does not report restore " + id + " as succeeded"));
    }
}
