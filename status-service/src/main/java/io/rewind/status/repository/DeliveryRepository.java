package io.rewind.status.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

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

    public Uni<List<Delivery>> listFor(UUID subscriberId, int limit) {
        return find("subscriberId", Sort.descending("createdAt"), subscriberId).page(Page.ofSize(limit)).list();
    }
}
