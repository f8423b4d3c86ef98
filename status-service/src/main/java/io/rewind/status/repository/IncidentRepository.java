package io.rewind.status.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.status.Incident;

@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<Incident, UUID> {

    static final List<String> CLOSED = List.of("resolved", "postmortem", "completed");

    /** Every incident and maintenance not yet resolved or completed. */
    public Uni<List<Incident>> listOpen() {
        return list("status not in ?1", Sort.descending("startedAt"), CLOSED);
    }

    public Uni<List<Incident>> listRecent(String kind, int limit) {
        return find("kind", Sort.descending("startedAt").and("createdAt", Sort.Direction.Descending), kind)
                .page(Page.ofSize(limit)).list();
    }

    /** What the public page shows: everything open, and everything that started since {@code since}. */
    public Uni<List<Incident>> listOpenOrSince(OffsetDateTime since) {
        return list("status not in ?1 or startedAt >= ?2", Sort.descending("startedAt"), CLOSED, since);
    }

    /** Open incidents (not maintenances) whose newest update is older than {@code before}. */
    public Uni<Long> countStale(OffsetDateTime before) {
        return count("kind = ?1 and status not in ?2 and lastUpdateAt < ?3", Incident.INCIDENT, CLOSED, before);
    }

    public Uni<List<Incident>> listKind(String kind, Boolean open) {
        if (open == null) {
            return list("kind", Sort.descending("startedAt"), kind);
        }
        return list(open ? "kind = ?1 and status not in ?2" : "kind = ?1 and status in ?2", Sort.descending("startedAt"),
                kind, CLOSED);
    }
}
