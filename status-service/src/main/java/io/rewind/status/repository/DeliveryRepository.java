package io.rewind.status.repository;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.status.Delivery;

@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {

    /**
     * Claims pending deliveries whose next attempt is due, oldest first, skipping rows another replica holds: they stay
     * locked until the caller's transaction ends, so two replicas never send the same delivery at once.
     */
    public Uni<List<Delivery>> claimDue(OffsetDateTime now, int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT * FROM status.deliveries
                WHERE status = 'pending' AND next_attempt_at <= :now
                ORDER BY next_attempt_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""", Delivery.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList());
    }

    public Uni<List<Delivery>> listFor(UUID subscriberId, ListPage page) {
        return find("subscriberId", Sort.descending("createdAt").and("id", Sort.Direction.Descending), subscriberId)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /**
     * Marks {@code dropped} every pending delivery of a subscriber beyond its {@code keep} newest, in the caller's
     * transaction, and says how many each subscriber lost. Rows a sending round holds are skipped rather than waited
     * for: they are being attempted right now, and an update must not wait on a slow receiver.
     */
    public Uni<Map<UUID, Long>> dropPendingBeyond(int keep, String why) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                WITH dropped AS (
                    UPDATE status.deliveries SET status = 'dropped', next_attempt_at = NULL, last_error = :why
                    WHERE status = 'pending' AND id IN (
                        SELECT excess.id FROM status.subscribers s CROSS JOIN LATERAL (
                            SELECT d.id FROM status.deliveries d
                            WHERE d.subscriber_id = s.id AND d.status = 'pending'
                            ORDER BY d.created_at DESC, d.id DESC
                            OFFSET :keep
                            FOR UPDATE SKIP LOCKED) excess)
                    RETURNING subscriber_id)
                SELECT subscriber_id, count(*) FROM dropped GROUP BY subscriber_id""", Object[].class)
                .setParameter("keep", keep).setParameter("why", why).getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        counts.put((UUID) row[0], ((Number) row[1]).longValue());
                    }
                    return counts;
                });
    }
}
