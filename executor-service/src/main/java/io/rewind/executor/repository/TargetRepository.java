package io.rewind.executor.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import io.rewind.common.rest.ListPage;
import io.rewind.executor.Target;
import io.rewind.executor.TargetKind;

/** Targets by name. */
@ApplicationScoped
public class TargetRepository implements PanacheRepositoryBase<Target, String> {

    private static final String PLANS_NAMING = """
            SELECT p.name, p.version FROM executor.plans p
            WHERE p.version = (SELECT max(q.version) FROM executor.plans q WHERE q.name = p.name)
              AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.steps -> 'items') s WHERE s ->> 'target' = $1)
            ORDER BY p.name
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> SPEC = new TypeReference<>() {
    };

    private final Pool pool;

    public TargetRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Target>> listAll() {
        return listAll(Sort.ascending("name"));
    }

    /** One page of targets, by name. */
    public Uni<List<Target>> list(ListPage page) {
        return findAll(Sort.ascending("name")).range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /**
     * A target's kind and spec read with plain SQL, usable from any thread (the worker's included); null when there is
     * no such target.
     */
    public Uni<Target> read(String name) {
        return pool.preparedQuery("SELECT kind, spec FROM executor.targets WHERE name = $1").execute(Tuple.of(name))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    Target target = new Target();
                    target.name = name;
                    target.kind = TargetKind.fromId(row.getString("kind"));
                    target.spec = specOf(row.getJsonObject("spec").encode());
                    return target;
                });
    }

    private static Map<String, Object> specOf(String json) {
        try {
            return JSON.readValue(json, SPEC);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored target spec is not JSON", e);
        }
    }

    /** The newest plan versions with a step naming {@code target}, as "name v3". */
    public Uni<List<String>> plansNaming(String target) {
        return pool.preparedQuery(PLANS_NAMING).execute(Tuple.of(target))
                .map(rows -> {
                    List<String> plans = new ArrayList<>();
                    for (Row row : rows) {
                        plans.add(row.getString("name") + " v" + row.getInteger("version"));
                    }
                    return plans;
                });
    }
}
