package io.rewind.decision.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.decision.Analysis;

@ApplicationScoped
public class AnalysisRepository implements PanacheRepositoryBase<Analysis, UUID> {

    /** Running analyses due for a round, skipping those another replica is measuring: no round is taken twice. */
    public Uni<List<Analysis>> claimDue(OffsetDateTime now, int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT * FROM decision.analyses
                WHERE phase = 'RUNNING' AND next_measurement_at <= :now
                ORDER BY next_measurement_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""", Analysis.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList());
    }

    public Uni<List<Analysis>> recent(String service, int limit) {
        return (service == null ? findAll(Sort.descending("createdAt")) : find("service", Sort.descending("createdAt"), service))
                .page(Page.ofSize(limit)).list();
    }
}
