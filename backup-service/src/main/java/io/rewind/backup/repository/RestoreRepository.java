package io.rewind.backup.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.backup.Restore;
import io.rewind.backup.RestoreStatus;
import io.rewind.common.rest.ListPage;

@ApplicationScoped
public class RestoreRepository implements PanacheRepositoryBase<Restore, UUID> {

    private static final Sort NEWEST_FIRST = Sort.descending("requestedAt", "id");

    /** One page, newest first; restores into every database when {@code target} is null. */
    public Uni<List<Restore>> page(String target, ListPage page) {
        var query = target == null ? findAll(NEWEST_FIRST) : find("targetDatabase", NEWEST_FIRST, target);
        return query.range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /** The restore into a database that is waiting or running (at most one is); null when there is none. */
    public Uni<Restore> underWay(String target) {
        return find("targetDatabase = ?1 and status in ?2", target,
                List.of(RestoreStatus.PENDING, RestoreStatus.RUNNING)).firstResult();
    }

    /** The restore a caller asked for under an Idempotency-Key; null when there is none. */
    public Uni<Restore> byIdempotencyKey(String caller, String key) {
        return find("requestedBy = ?1 and idempotencyKey = ?2", caller, key).firstResult();
    }
}
