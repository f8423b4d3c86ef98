package io.rewind.status.repository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.status.IncidentUpdate;

@ApplicationScoped
public class IncidentUpdateRepository implements PanacheRepositoryBase<IncidentUpdate, UUID> {

    /** The updates of these incidents, newest first, as Statuspage lists them. */
    public Uni<List<IncidentUpdate>> listFor(Collection<UUID> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("incidentId in ?1", Sort.descending("createdAt"), incidentIds);
    }
}
