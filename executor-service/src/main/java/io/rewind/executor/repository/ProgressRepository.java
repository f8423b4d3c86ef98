package io.rewind.executor.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import io.rewind.executor.ExecutionStatus;
import io.rewind.executor.StepStatus;

/**
 * An execution's progress in one query, on the reactive pool: the event stream polls it from a timer, outside any
 * request's Hibernate session.
 */
@ApplicationScoped
public class ProgressRepository {

    private final Pool pool;

    public ProgressRepository(Pool pool) {
        this.pool = pool;
    }

    public record StepProgress(int position, String name, String kind, StepStatus status, int attempts,
            OffsetDateTime startedAt, OffsetDateTime endedAt, String output, String error) {
    }

    /** {@code targetHeld}: cancelled, but a step of it is still running (see {@code Execution.targetHeld}). */
    public record Progress(ExecutionStatus status, boolean targetHeld, String reason, List<StepProgress> steps) {
    }

    /** Who started the execution; null when there is no such execution. */
    public Uni<String> createdBy(UUID executionId) {
        return pool.preparedQuery("SELECT created_by FROM executor.executions WHERE id = $1").execute(Tuple.of(executionId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("created_by"));
    }

    /** Null when there is no such execution. */
    public Uni<Progress> read(UUID executionId) {
        return pool.preparedQuery("SELECT e.status AS execution_status, e.target_held, e.reason, s.position, s.name, s.kind, s.status,"
                + " s.attempts, s.started_at, s.ended_at, s.output, s.error"
                + " FROM executor.executions e JOIN executor.execution_steps s ON s.execution_id = e.id"
                + " WHERE e.id = $1 ORDER BY s.position")
                .execute(Tuple.of(executionId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    List<StepProgress> steps = new ArrayList<>();
                    ExecutionStatus status = null;
                    String reason = null;
                    boolean held = false;
                    for (Row row : rows) {
                        held = row.getBoolean("target_held");
                        status = ExecutionStatus.valueOf(row.getString("execution_status"));
                        reason = row.getString("reason");
                        steps.add(new StepProgress(row.getInteger("position"), row.getString("name"), row.getString("kind"),
                                StepStatus.valueOf(row.getString("status")), row.getInteger("attempts"),
                                row.getOffsetDateTime("started_at"), row.getOffsetDateTime("ended_at"),
                                row.getString("output"), row.getString("error")));
                    }
                    return new Progress(status, held, reason, steps);
                });
    }
}
