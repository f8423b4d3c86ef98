package io.rewind.decision.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.decision.Release;

@ApplicationScoped
public class ReleaseRepository implements PanacheRepositoryBase<Release, UUID> {

    private static final Sort NEWEST_FIRST = Sort.descending("releasedAt", "id");

    /** One page of releases, newest first. */
    public Uni<List<Release>> history(String service, ListPage page) {
        return (service == null ? findAll(NEWEST_FIRST) : find("service", NEWEST_FIRST, service))
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /** The service's newest release, or null. */
    public Uni<Release> latest(String service) {
        return find("service", NEWEST_FIRST, service).firstResult();
    }

    /** The service's newest release of {@code version}, or null. */
    public Uni<Release> latest(String service, String version) {
        return find("service = ?1 and version = ?2", NEWEST_FIRST, service, version).firstResult();
    }

    /** Releases whose preflight waits for a backup and is due a look, skipping those another replica holds. */
    public Uni<List<Release>> claimDue(OffsetDateTime now, int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT * FROM decision.releases
                WHERE status = 'PREFLIGHT_RUNNING' AND next_check_at <= :now
                ORDER BY next_check_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""", Release.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList());
    }
}
