package io.rewind.status.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.status.UpdateTemplate;

@ApplicationScoped
public class UpdateTemplateRepository implements PanacheRepositoryBase<UpdateTemplate, UUID> {

    public Uni<List<UpdateTemplate>> listByName(ListPage page) {
        return findAll(Sort.by("name").and("id")).range(page.offset(), page.offset() + page.limit() - 1).list();
    }
}
