package io.rewind.decision.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.decision.Approval;

@ApplicationScoped
public class ApprovalRepository implements PanacheRepository<Approval> {

    public Uni<List<Approval>> forIncident(UUID incidentId) {
        return list("incidentId", Sort.ascending("at"), incidentId);
    }
}
