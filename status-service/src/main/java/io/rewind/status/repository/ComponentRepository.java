package io.rewind.status.repository;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import io.rewind.common.rest.ListPage;
import io.rewind.status.Component;

@ApplicationScoped
public class ComponentRepository implements PanacheRepositoryBase<Component, UUID> {

    /** Page order: by position, then by name where positions tie (then id, so that pages are stable). */
    public static final Sort PAGE_ORDER = Sort.by("position").and("name").and("id");

    public Uni<List<Component>> listInPageOrder() {
        return listAll(PAGE_ORDER);
    }

    public Uni<List<Component>> listInPageOrder(ListPage page) {
        return findAll(PAGE_ORDER).range(page.offset(), page.offset() + page.limit() - 1).list();
    }

    public Uni<List<Component>> listMembers(UUID groupId) {
        return list("groupId", PAGE_ORDER, groupId);
    }

    /** The members of these groups, in page order. */
    public Uni<List<Component>> listMembers(Collection<UUID> groupIds) {
        if (groupIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("groupId in ?1", PAGE_ORDER, groupIds);
    }

    public Uni<Long> countMembers(UUID groupId) {
        return count("groupId", groupId);
    }

    /** The highest position among the group's members, or among ungrouped components for a null group; 0 if none. */
    public Uni<Integer> lastPosition(UUID groupId) {
        var query = groupId == null
                ? find("groupId is null", Sort.descending("position"))
                : find("groupId", Sort.descending("position"), groupId);
        return query.firstResult().map(last -> last == null ? 0 : last.position);
    }
}
