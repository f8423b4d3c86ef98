package io.rewind.status.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.status.Incident;
import io.rewind.status.IncidentKind;
import io.rewind.status.Progress;

@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<Incident, UUID> {

    /** Newest first; the id breaks ties so that pages never overlap or skip. */
    private static final Sort NEWEST_FIRST = Sort.descending("startedAt").and("createdAt", Sort.Direction.Descending)
            .and("id", Sort.Direction.Descending);

    /** Every incident and maintenance not yet resolved or completed. */
    public Uni<List<Incident>> listOpen() {
        return list("status not in ?1", Sort.descending("startedAt"), Progress.CLOSED);
    }

    public Uni<List<Incident>> listRecent(IncidentKind kind, int limit) {
        return find("kind", NEWEST_FIRST, kind).page(Page.ofSize(limit)).list();
    }

    /**
     * What the public page shows: everything open, and everything that started or ended since {@code since} (an
     * incident that began before the history window but ended inside it still colours the days it covered).
     */
    public Uni<List<Incident>> listOpenOrSince(OffsetDateTime since) {
        return list("status not in ?1 or startedAt >= ?2 or resolvedAt >= ?2", Sort.descending("startedAt"),
                Progress.CLOSED, since);
    }

    /** Open incidents (not maintenances) whose newest update is older than {@code before}. */
    public Uni<Long> countStale(OffsetDateTime before) {
        return count("kind = ?1 and status not in ?2 and lastUpdateAt < ?3", IncidentKind.INCIDENT, Progress.CLOSED,
                before);
    }

    /** One page of incidents or maintenances, newest first; {@code open} narrows to open or closed ones. */
    public Uni<List<Incident>> listKind(IncidentKind kind, Boolean open, ListPage page) {
        var query = open == null ? find("kind", NEWEST_FIRST, kind)
                : find(open ? "kind = ?1 and status not in ?2" : "kind = ?1 and status in ?2", NEWEST_FIRST, kind,
                        Progress.CLOSED);
        return query.range(page.offset(), page.offset() + page.limit() - 1).list();
    }
}
