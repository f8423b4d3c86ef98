package io.rewind.status.repository;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.status.ComponentGroup;

@ApplicationScoped
public class ComponentGroupRepository implements PanacheRepositoryBase<ComponentGroup, UUID> {

    public Uni<List<ComponentGroup>> listInPageOrder() {
        return listAll(ComponentRepository.PAGE_ORDER);
    }

    public Uni<List<ComponentGroup>> listInPageOrder(ListPage page) {
        return findAll(ComponentRepository.PAGE_ORDER).range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    /** The highest position of any group; 0 if there is none. */
    public Uni<Integer> lastPosition() {
        return findAll(Sort.descending("position")).firstResult().map(last -> last == null ? 0 : last.position);
    }
}
