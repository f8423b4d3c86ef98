package io.rewind.decision.repository;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.decision.NotificationDelivery;

@ApplicationScoped
public class NotificationDeliveryRepository implements PanacheRepositoryBase<NotificationDelivery, UUID> {

    /**
     * Claims pending deliveries whose next attempt is due, oldest first, skipping rows another replica holds: they stay
     * locked until the caller's transaction ends, so two replicas never send the same delivery at once.
     */
    public Uni<List<NotificationDelivery>> claimDue(OffsetDateTime now, int limit) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                SELECT * FROM decision.notification_deliveries
                WHERE state = 'PENDING' AND next_attempt_at <= :now
                ORDER BY next_attempt_at
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""", NotificationDelivery.class)
                .setParameter("now", now).setParameter("limit", limit).getResultList());
    }

    /** One page of deliveries, newest first, optionally of one incident, state or channel. */
    public Uni<List<NotificationDelivery>> search(UUID incident, NotificationDelivery.State state, String channel,
            ListPage page) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (incident != null) {
            query.append(" and incidentId = :incident");
            parameters.and("incident", incident);
        }
        if (state != null) {
            query.append(" and state = :state");
            parameters.and("state", state);
        }
        if (channel != null) {
            query.append(" and channel = :channel");
            parameters.and("channel", channel);
        }
        return find(query.toString(), Sort.descending("createdAt", "id"), parameters)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }
}
