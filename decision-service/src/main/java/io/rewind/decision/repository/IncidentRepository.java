package io.rewind.decision.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.decision.Incident;
import io.rewind.decision.IncidentStatus;

@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<Incident, UUID> {

    public Uni<Incident> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** One page of incidents, newest first (the id orders those detected at the same moment). */
    public Uni<List<Incident>> search(String service, IncidentStatus status, ListPage page) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (service != null) {
            query.append(" and service = :service");
            parameters.and("service", service);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        return find(query.toString(), Sort.descending("detectedAt", "id"), parameters)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /**
     * Claims incidents whose execution request is due, skipping rows another replica holds, so each request is in
     * flight from one replica at a time.
     */
    public Uni<List<Incident>> claimDueDispatches(OffsetDateTime now, int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT * FROM decision.incidents
                WHERE dispatch_state = 'PENDING' AND (next_dispatch_at IS NULL OR next_dispatch_at <= :now)
                ORDER BY next_dispatch_at NULLS FIRST
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""", Incident.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList());
    }
}
