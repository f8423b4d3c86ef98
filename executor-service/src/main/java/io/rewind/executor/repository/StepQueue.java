package io.rewind.executor.repository;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import io.rewind.executor.ExecutionStatus;
import io.rewind.executor.StepKind;
import io.rewind.executor.StepStatus;

/**
 * The worker's side of the execution tables, in plain SQL on the reactive pool: claiming a step needs
 * {@code FOR UPDATE SKIP LOCKED}, which HQL cannot say, and the worker runs outside any request.
 *
 * <p>A claim locks the step and its execution only for the claim itself and leaves a lease on the step: no other worker
 * claims it until the lease runs out, and every later write checks it still holds the claim. Cancelling locks the same
 * execution row, so a claim never starts a step of an execution being cancelled.
 */
@ApplicationScoped
public class StepQueue {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    // The first unfinished step of each active execution, unless another worker holds it or it waits for later; and a
    // step a cancelled execution left RUNNING (acting at the moment of the cancel, or followed to its end), to be
    // followed or fenced by the worker. A cancelled execution stays CANCELLED.
    private static final String CLAIM = """
            WITH next AS (
                SELECT s.id, s.execution_id, e.status AS execution_status
                FROM executor.execution_steps s JOIN executor.executions e ON e.id = s.execution_id
                WHERE (e.status IN ('PENDING', 'RUNNING') AND s.status IN ('PENDING', 'RUNNING')
                       OR e.status = 'CANCELLED' AND s.status = 'RUNNING')
                  AND (s.lease_until IS NULL OR s.lease_until < now())
                  AND (s.next_attempt_at IS NULL OR s.next_attempt_at <= now())
                  AND NOT EXISTS (SELECT 1 FROM executor.execution_steps p
                                  WHERE p.execution_id = s.execution_id AND p.position < s.position
                                    AND p.status IN ('PENDING', 'RUNNING'))
                ORDER BY e.created_at, s.position
                LIMIT 1
                FOR UPDATE OF s, e SKIP LOCKED
            ), started AS (
                UPDATE executor.executions e
                SET status = CASE WHEN e.status = 'CANCELLED' THEN e.status ELSE 'RUNNING' END,
                    started_at = coalesce(e.started_at, now())
                FROM next WHERE e.id = next.execution_id
                RETURNING e.id, e.target, e.dry_run, e.break_glass, e.incident_id, e.release_from, e.release_to, e.started_at,
                          e.cancelled_by
            )
            UPDATE executor.execution_steps s
            SET status = 'RUNNING', attempts = s.attempts + 1, started_at = coalesce(s.started_at, now()),
                claimed_by = $1, lease_until = now() + $2 * interval '1 millisecond', next_attempt_at = NULL
            FROM next JOIN started ON started.id = next.execution_id
            WHERE s.id = next.id
            RETURNING s.id, s.execution_id, s.position, s.name, s.kind, s.target AS step_target, s.params, s.timeout_ms, s.continue_on_failure,
                      s.attempts, s.started_at, s.before_state, s.output, next.execution_status, started.target,
                      started.dry_run, started.break_glass, started.incident_id, started.release_from, started.release_to,
                      started.started_at AS execution_started_at, started.cancelled_by
            """;

    // A cancelled execution holds its target while a step of it is still RUNNING; the last one to end releases it.
    private static final String RELEASE_TARGET = "UPDATE executor.executions SET target_held = false"
            + " WHERE id = $1 AND target_held AND NOT EXISTS (SELECT 1 FROM executor.execution_steps"
            + " WHERE execution_id = $1 AND status IN ('PENDING', 'RUNNING'))";

    private final Pool pool;
    private final ObjectMapper json;

    public StepQueue(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /**
     * A step a worker holds, with what it needs to run it. {@code cancelledBy} is set when the execution was cancelled
     * while the step was running: the worker follows it to its end if it has something in flight, else fences it.
     */
    public record ClaimedStep(UUID id, UUID executionId, int position, String name, StepKind kind,
            Map<String, Object> params, Duration timeout, boolean continueOnFailure, int attempt,
            OffsetDateTime startedAt, Map<String, Object> before, String lastOutput, boolean firstOfExecution,
            String target, boolean dryRun, String incidentId, String releaseFrom, String releaseTo,
            OffsetDateTime executionStartedAt, String stepTarget, boolean breakGlass, String cancelledBy) {

        public boolean cancelled() {
            return cancelledBy != null;
        }
    }

    /** How an execution ended, when recording a step ended it. */
    public record Completion(UUID executionId, ExecutionStatus status, String reason) {
    }

    /** Claims the next runnable step for {@code worker}, for {@code lease}; null when there is none. */
    public Uni<ClaimedStep> claim(String worker, Duration lease) {
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM)
                .execute(Tuple.of(worker, lease.toMillis()))
                .map(rows -> rows.size() == 0 ? null : toClaimed(rows.iterator().next())));
    }

    private ClaimedStep toClaimed(Row row) {
        return new ClaimedStep(row.getUUID("id"), row.getUUID("execution_id"), row.getInteger("position"),
                row.getString("name"), StepKind.fromId(row.getString("kind")), map(row.getJsonObject("params")),
                Duration.ofMillis(row.getLong("timeout_ms")), row.getBoolean("continue_on_failure"),
                row.getInteger("attempts"), row.getOffsetDateTime("started_at"), map(row.getJsonObject("before_state")),
                row.getString("output"), ExecutionStatus.PENDING.name().equals(row.getString("execution_status")),
                row.getString("target"), row.getBoolean("dry_run"), row.getString("incident_id"),
                row.getString("release_from"), row.getString("release_to"), row.getOffsetDateTime("execution_started_at"),
                row.getString("step_target"), row.getBoolean("break_glass"),
                ExecutionStatus.CANCELLED.name().equals(row.getString("execution_status"))
                        ? Objects.requireNonNullElse(row.getString("cancelled_by"), "an operator") : null);
    }

    private Map<String, Object> map(JsonObject object) {
        return object == null ? null : json.convertValue(object.getMap(), MAP);
    }

    private static JsonObject json(Map<String, Object> map) {
        return map == null ? null : new JsonObject(map);
    }

    /** Stores the before-state of a claimed step, before it acts. False when the worker no longer holds the step. */
    public Uni<Boolean> saveBefore(ClaimedStep step, String worker, Map<String, Object> before) {
        return pool.preparedQuery("UPDATE executor.execution_steps SET before_state = $3"
                + " WHERE id = $1 AND claimed_by = $2 AND status = 'RUNNING'")
                .execute(Tuple.of(step.id(), worker, json(before)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Adds {@code notes} to the before-state of step {@code position} of the execution, for a step that must remember
     * what it started before it can report progress (the restore a {@code postgres.restore} step asked for). A key
     * mapped to null is removed.
     */
    public Uni<Boolean> addToBefore(UUID executionId, int position, Map<String, Object> notes) {
        return pool.preparedQuery("UPDATE executor.execution_steps"
                + " SET before_state = jsonb_strip_nulls(coalesce(before_state, '{}'::jsonb) || $3)"
                + " WHERE execution_id = $1 AND position = $2 AND status = 'RUNNING'")
                .execute(Tuple.of(executionId, position, new JsonObject(notes)))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Who cancelled {@code executionId}, or null while it is not cancelled: asked by a step that runs a program for long,
     * which kills it on a cancel rather than letting it run to its end.
     */
    public Uni<String> cancelledBy(UUID executionId) {
        return pool.preparedQuery("SELECT status, cancelled_by FROM executor.executions WHERE id = $1")
                .execute(Tuple.of(executionId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return ExecutionStatus.CANCELLED.name().equals(row.getString("status"))
                            ? Objects.requireNonNullElse(row.getString("cancelled_by"), "an operator") : null;
                });
    }

    /**
     * Releases a step that is not finished, to be claimed again after {@code retryIn}. When its execution has been
     * cancelled meanwhile and the step has nothing in flight ({@code inFlight}, asked of its stored before-state), it is
     * CANCELLED instead, and the target released if nothing else of the execution runs.
     */
    public Uni<Boolean> later(ClaimedStep step, String worker, String output, Duration retryIn,
            Predicate<Map<String, Object>> inFlight) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT e.status, e.cancelled_by, s.before_state FROM executor.executions e"
                        + " JOIN executor.execution_steps s ON s.execution_id = e.id WHERE s.id = $1 FOR UPDATE OF e")
                .execute(Tuple.of(step.id()))
                .flatMap(rows -> {
                    Row row = rows.iterator().next();
                    boolean cancelled = ExecutionStatus.CANCELLED.name().equals(row.getString("status"));
                    if (cancelled && (step.dryRun() || !inFlight.test(map(row.getJsonObject("before_state"))))) {
                        return connection.preparedQuery("UPDATE executor.execution_steps SET status = 'CANCELLED',"
                                + " ended_at = now(), output = $3, error = $4, lease_until = NULL, next_attempt_at = NULL"
                                + " WHERE id = $1 AND claimed_by = $2 AND status = 'RUNNING'")
                                .execute(Tuple.of(step.id(), worker, output, "cancelled by "
                                        + Objects.requireNonNullElse(row.getString("cancelled_by"), "an operator") + " while waiting"))
                                .flatMap(updated -> connection.preparedQuery(RELEASE_TARGET).execute(Tuple.of(step.executionId()))
                                        .map(released -> updated.rowCount() == 1));
                    }
                    return connection.preparedQuery("UPDATE executor.execution_steps SET output = $3, lease_until = NULL,"
                            + " next_attempt_at = now() + $4 * interval '1 millisecond'"
                            + " WHERE id = $1 AND claimed_by = $2 AND status = 'RUNNING'")
                            .execute(Tuple.of(step.id(), worker, output, Math.max(0, retryIn.toMillis())))
                            .map(updated -> updated.rowCount() == 1);
                }));
    }

    /**
     * Records how a step ended and moves its execution on: a failed step (unless it may fail) fails the execution with
     * its reason and SKIPS the steps after it; the last step to finish ends the execution. Null when the execution goes
     * on, or when this worker no longer held the step.
     */
    public Uni<Completion> finish(ClaimedStep step, String worker, StepStatus status, Map<String, Object> after,
            String output, String error) {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT status FROM executor.executions WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(step.executionId()))
                .flatMap(executions -> connection.preparedQuery("UPDATE executor.execution_steps SET status = $3,"
                        + " ended_at = now(), after_state = $4, output = $5, error = $6, lease_until = NULL, next_attempt_at = NULL"
                        + " WHERE id = $1 AND claimed_by = $2 AND status = 'RUNNING'")
                        .execute(Tuple.from(new Object[] { step.id(), worker, status.name(), json(after), output, error }))
                        .flatMap(updated -> {
                            Row execution = executions.iterator().next();
                            boolean active = ExecutionStatus.valueOf(execution.getString("status")).isActive();
                            if (updated.rowCount() == 0) {
                                return Uni.createFrom().nullItem();
                            }
                            if (!active) {
                                return endedAfterCancel(connection, step, status, output, error);
                            }
                            if (status == StepStatus.FAILED && !step.continueOnFailure()) {
                                return end(connection, step.executionId(), ExecutionStatus.FAILED,
                                        "step '" + step.name() + "' (" + step.kind().id() + ") failed: " + error);
                            }
                            return connection.preparedQuery("SELECT count(*) FILTER (WHERE status IN ('PENDING', 'RUNNING')) AS open,"
                                    + " string_agg(CASE WHEN status = 'FAILED' THEN name END, ', ') AS failed"
                                    + " FROM executor.execution_steps WHERE execution_id = $1")
                                    .execute(Tuple.of(step.executionId()))
                                    .flatMap(counts -> {
                                        Row row = counts.iterator().next();
                                        if (row.getLong("open") > 0) {
                                            return Uni.createFrom().nullItem();
                                        }
                                        String failed = row.getString("failed");
                                        return end(connection, step.executionId(), ExecutionStatus.SUCCEEDED, failed == null
                                                ? null : "succeeded, although steps allowed to fail did: " + failed);
                                    });
                        })));
    }

    /**
     * A step of a cancelled execution has ended: one that was acting when the execution was cancelled, or a restore
     * followed to its end. Its outcome is added to the execution's reason (unless it was merely fenced), and the target
     * is released once nothing of the execution runs any more. Null: the execution had already ended.
     */
    private static Uni<Completion> endedAfterCancel(SqlConnection connection, ClaimedStep step, StepStatus status,
            String output, String error) {
        Uni<Void> reported = Uni.createFrom().voidItem();
        if (status != StepStatus.CANCELLED) {
            String outcome = "; step '" + step.name() + "' (" + step.kind().id() + "), still running then, has since "
                    + status + (status == StepStatus.SUCCEEDED ? output == null ? "" : ": " + output
                            : error == null ? "" : ": " + error);
            reported = connection.preparedQuery("UPDATE executor.executions SET reason = left(coalesce(reason, '') || $2, 4000)"
                    + " WHERE id = $1").execute(Tuple.of(step.executionId(), outcome)).replaceWithVoid();
        }
        return reported.flatMap(done -> connection.preparedQuery(RELEASE_TARGET).execute(Tuple.of(step.executionId())))
                .replaceWith(Uni.createFrom().<Completion> nullItem());
    }

    /**
     * Marks a step as being compensated by {@code by}; false when it already was (by anyone), so a step is compensated at
     * most once.
     */
    public Uni<Boolean> startCompensation(UUID stepId, String by) {
        return pool.preparedQuery("UPDATE executor.execution_steps SET compensation_started_at = now(), compensated_by = $2"
                + " WHERE id = $1 AND compensation_started_at IS NULL")
                .execute(Tuple.of(stepId, by))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> endCompensation(UUID stepId, String output, String error) {
        return pool.preparedQuery("UPDATE executor.execution_steps SET compensation_ended_at = now(),"
                + " compensation_output = $2, compensation_error = $3 WHERE id = $1")
                .execute(Tuple.of(stepId, output, error))
                .replaceWithVoid();
    }

    private static Uni<Completion> end(SqlConnection connection, UUID executionId, ExecutionStatus status, String reason) {
        return connection.preparedQuery("UPDATE executor.execution_steps SET status = 'SKIPPED'"
                + " WHERE execution_id = $1 AND status = 'PENDING'")
                .execute(Tuple.of(executionId))
                .flatMap(skipped -> connection.preparedQuery("UPDATE executor.executions SET status = $2, reason = $3,"
                        + " ended_at = now() WHERE id = $1")
                        .execute(Tuple.of(executionId, status.name(), reason)))
                .map(done -> new Completion(executionId, status, reason));
    }
}
