package io.rewind.backup.repository;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

import io.rewind.backup.Restore;

@ApplicationScoped
public class RestoreRepository implements PanacheRepositoryBase<Restore, UUID> {
}
