package io.rewind.executor.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The decision recorded on an approval step, read by the worker (plain SQL on the reactive pool, like {@link StepQueue}:
 * the worker runs outside any request).
 */
@ApplicationScoped
public class StepDecisions {

    private final Pool pool;

    public StepDecisions(Pool pool) {
        this.pool = pool;
    }

    /** Who decided what, when, and why. */
    public record Decision(boolean approved, String by, OffsetDateTime at, String comment) {
    }

    /** The decision on step {@code position} of the execution; null while nobody has decided. */
    public Uni<Decision> of(UUID executionId, int position) {
        return pool.preparedQuery("SELECT decision, decided_by, decided_at, decision_comment FROM executor.execution_steps"
                + " WHERE execution_id = $1 AND position = $2 AND decision IS NOT NULL")
                .execute(Tuple.of(executionId, position))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Decision("APPROVED".equals(row.getString("decision")), row.getString("decided_by"),
                            row.getOffsetDateTime("decided_at"), row.getString("decision_comment"));
                });
    }
}
