package io.rewind.backup.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.backup.RegisteredDatabase;

@ApplicationScoped
public class RegisteredDatabaseRepository implements PanacheRepository<RegisteredDatabase> {

    public Uni<RegisteredDatabase> findByName(String name) {
        return find("name", name).firstResult();
    }

    public Uni<List<RegisteredDatabase>> listByName() {
        return listAll(Sort.ascending("name"));
    }
}
