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

    /** Pending deliveries whose next attempt is due, oldest first. */
    public Uni<List<Delivery>> listDue(OffsetDateTime now, int limit) {
        return find("status = 'pending' and nextAttemptAt <= ?1", Sort.by("nextAttemptAt"), now)
                .page(Page.ofSize(limit)).list();
    }

    public Uni<List<Delivery>> listFor(UUID subscriberId, int limit) {
        return find("subscriberId", Sort.descending("createdAt"), subscriberId).page(Page.ofSize(limit)).list();
    }
}
