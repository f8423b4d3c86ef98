package io.rewind.decision.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.decision.Analysis;
import io.rewind.decision.analysis.Judge;

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

    /** One page of analyses, newest first. */
    public Uni<List<Analysis>> recent(String service, ListPage page) {
        Sort newestFirst = Sort.descending("createdAt", "id");
        return (service == null ? findAll(newestFirst) : find("service", newestFirst, service))
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /** Analyses queued or measuring, oldest first. */
    public Uni<List<Analysis>> queued() {
        return list("phase in ?1", Sort.ascending("createdAt", "id"),
                List.of(Judge.RunPhase.PENDING, Judge.RunPhase.RUNNING));
    }

    /**
     * Takes the lock that serialises starting analyses until the transaction ends, so that two requests at once can
     * neither both start the same analysis nor both take the last place under the cap (on every replica: it is
     * PostgreSQL's).
     */
    public Uni<Void> lockQueue() {
        return getSession().flatMap(session -> session.createNativeQuery(
                "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext('rewind.decision.analyses'))) AS queue_lock",
                Long.class).getSingleResult()).replaceWithVoid();
    }
}
