package io.rewind.executor.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import io.rewind.executor.StepKind;

/**
 * What earlier steps of the same execution left, for a step that continues their work (the second {@code status.update}
 * posts to the incident the first one opened). Plain SQL on the reactive pool, like {@link StepQueue}: the worker runs
 * outside any request.
 */
@ApplicationScoped
public class EarlierSteps {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;

    public EarlierSteps(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** A step before {@code position} and what it left: its after-state, empty when it has none (yet). */
    public record Earlier(int position, String name, Map<String, Object> after) {
    }

    /** The steps of {@code kind} before {@code position} in the execution, in order. */
    public Uni<List<Earlier>> ofKind(UUID executionId, int position, StepKind kind) {
        return pool.preparedQuery("SELECT position, name, after_state FROM executor.execution_steps"
                + " WHERE execution_id = $1 AND position < $2 AND kind = $3 ORDER BY position")
                .execute(Tuple.of(executionId, position, kind.id()))
                .map(rows -> {
                    List<Earlier> earlier = new ArrayList<>();
                    for (Row row : rows) {
                        JsonObject after = row.getJsonObject("after_state");
                        earlier.add(new Earlier(row.getInteger("position"), row.getString("name"),
                                after == null ? Map.of() : json.convertValue(after.getMap(), MAP)));
                    }
                    return earlier;
                });
    }

    /**
     * The names of the steps before {@code position} that stopped writes to the service: a {@code kubernetes.scale} to
     * 0 replicas that succeeded (in a dry run, that would succeed). Other kinds may or may not stop writes (an nginx
     * upstream may still write, a disabled flag stops one feature), so they do not count.
     */
    public Uni<List<String>> thatStoppedWrites(UUID executionId, int position) {
        return pool.preparedQuery("SELECT name FROM executor.execution_steps"
                + " WHERE execution_id = $1 AND position < $2 AND status = 'SUCCEEDED' AND kind = $3"
                + " AND jsonb_typeof(params -> 'replicas') = 'number' AND (params ->> 'replicas')::numeric = 0"
                + " ORDER BY position")
                .execute(Tuple.of(executionId, position, StepKind.KUBERNETES_SCALE.id()))
                .map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(row -> names.add(row.getString("name")));
                    return names;
                });
    }
}
