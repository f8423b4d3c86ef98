package io.rewind.backup.repository;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.backup.RegisteredDatabase;
import io.rewind.common.rest.ListPage;

@ApplicationScoped
public class RegisteredDatabaseRepository implements PanacheRepository<RegisteredDatabase> {

    public Uni<RegisteredDatabase> findByName(String name) {
        return find("name", name).firstResult();
    }

    /** Every registered database, for the scheduler and retention; the API reads {@link #page}. */
    public Uni<List<RegisteredDatabase>> listByName() {
        return listAll(Sort.ascending("name"));
    }

    public Uni<List<RegisteredDatabase>> page(ListPage page) {
        return findAll(Sort.ascending("name")).range(page.offset(), page.offset() + page.limit() - 1).list();
    }
}
