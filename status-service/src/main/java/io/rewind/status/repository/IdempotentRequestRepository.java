package io.rewind.status.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

import io.rewind.status.IdempotentRequest;

@ApplicationScoped
public class IdempotentRequestRepository implements PanacheRepositoryBase<IdempotentRequest, UUID> {

    public Uni<IdempotentRequest> find(String caller, String key) {
        return find("caller = ?1 and idempotencyKey = ?2", caller, key).firstResult();
    }
}
