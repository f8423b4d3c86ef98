package io.rewind.executor.repository;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Quarantined revisions, in plain SQL on the reactive pool: the undo step reads them from the worker thread, where no
 * Hibernate Reactive session exists, and the history endpoint reads them next to a blocking Kubernetes call.
 */
@ApplicationScoped
public class QuarantineRepository {

    private final Pool pool;

    public QuarantineRepository(Pool pool) {
        this.pool = pool;
    }

    /** A quarantined revision. */
    public record Quarantine(long revision, String reason, OffsetDateTime createdAt, String createdBy) {

        static Quarantine from(Row row) {
            return new Quarantine(row.getLong("revision"), row.getString("reason"), row.getOffsetDateTime("created_at"),
                    row.getString("created_by"));
        }
    }

    public Uni<List<Quarantine>> list(String namespace, String deployment) {
        return pool.preparedQuery("SELECT revision, reason, created_at, created_by FROM executor.revision_quarantine"
                + " WHERE namespace = $1 AND deployment = $2 ORDER BY revision")
                .execute(Tuple.of(namespace, deployment))
                .map(rows -> {
                    List<Quarantine> list = new ArrayList<>();
                    rows.forEach(row -> list.add(Quarantine.from(row)));
                    return list;
                });
    }

    /** Quarantines a revision; a second call keeps the first reason. Returns the stored quarantine and whether it is new. */
    public Uni<Stored> put(String namespace, String deployment, long revision, String reason, String by) {
        return pool.withTransaction(connection -> connection.preparedQuery(
                "INSERT INTO executor.revision_quarantine (namespace, deployment, revision, reason, created_at, created_by)"
                        + " VALUES ($1, $2, $3, $4, now(), $5) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(namespace, deployment, revision, reason, by))
                .flatMap(inserted -> connection.preparedQuery("SELECT revision, reason, created_at, created_by"
                        + " FROM executor.revision_quarantine WHERE namespace = $1 AND deployment = $2 AND revision = $3")
                        .execute(Tuple.of(namespace, deployment, revision))
                        .map(rows -> new Stored(Quarantine.from(rows.iterator().next()), inserted.rowCount() == 1))));
    }

    public record Stored(Quarantine quarantine, boolean created) {
    }

    /** False when the revision was not quarantined. */
    public Uni<Boolean> delete(String namespace, String deployment, long revision) {
        return pool.preparedQuery("DELETE FROM executor.revision_quarantine WHERE namespace = $1 AND deployment = $2"
                + " AND revision = $3")
                .execute(Tuple.of(namespace, deployment, revision))
                .map(rows -> rows.rowCount() == 1);
    }
}
