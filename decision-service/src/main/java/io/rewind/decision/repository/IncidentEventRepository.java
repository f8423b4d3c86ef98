package io.rewind.decision.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.decision.IncidentEvent;

@ApplicationScoped
public class IncidentEventRepository implements PanacheRepository<IncidentEvent> {

    public Uni<List<IncidentEvent>> forIncident(UUID incidentId) {
        return list("incidentId", Sort.ascending("at").and("id"), incidentId);
    }
}
