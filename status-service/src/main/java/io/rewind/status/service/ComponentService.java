package io.rewind.status.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;
import io.rewind.status.Component;
import io.rewind.status.ComponentGroup;
import io.rewind.status.ComponentPatch;
import io.rewind.status.repository.ComponentGroupRepository;
import io.rewind.status.repository.ComponentRepository;

/**
 * Components and their groups. Names are unique regardless of case, among components and among groups. A component
 * created or moved without a position goes last among its new siblings.
 *
 * <p>Adding a member locks its group {@code FOR SHARE} and deleting a group locks it {@code FOR UPDATE}, so a group
 * is never deleted while a component joins it: one of the two requests waits, then sees the other's outcome.
 */
@ApplicationScoped
public class ComponentService {

    private final ComponentRepository components;
    private final ComponentGroupRepository groups;

    public ComponentService(ComponentRepository components, ComponentGroupRepository groups) {
        this.components = components;
        this.groups = groups;
    }

    @WithSession
    public Uni<List<Component>> list(ListPage page) {
        return components.listInPageOrder(page);
    }

    @WithSession
    public Uni<Component> get(UUID id) {
        return find(id);
    }

    @ChangesPublicPage
    @WithTransaction
    public Uni<Component> create(Component draft) {
        return requireGroup(draft.groupId)
                .chain(() -> draft.position != null ? Uni.createFrom().item(draft.position) : nextPosition(draft.groupId))
                .chain(position -> {
                    OffsetDateTime now = now();
                    draft.position = position;
                    draft.createdAt = now;
                    draft.updatedAt = now;
                    return components.persistAndFlush(draft);
                })
                .onFailure(Constraints::isUniqueViolation).transform(e -> duplicate("component", draft.name));
    }

    /** Applies the members present in {@code patch}; {@code updatedAt} moves only if something actually changed. */
    @ChangesPublicPage
    @WithTransaction
    public Uni<Component> update(UUID id, ComponentPatch patch) {
        return find(id).chain(component -> {
            boolean moves = patch.movesGroup(component);
            UUID target = moves ? patch.groupId().orElse(null) : component.groupId;
            Uni<Void> checked = moves ? requireGroup(target) : Uni.createFrom().voidItem();
            return checked
                    .chain(() -> moves && patch.position() == null ? nextPosition(target) : Uni.createFrom().<Integer> nullItem())
                    .chain(appendedAt -> {
                        boolean changed = patch.applyTo(component);
                        if (appendedAt != null) {
                            component.position = appendedAt;
                        }
                        if (changed) {
                            component.updatedAt = now();
                        }
                        // Flushed here, not at commit, so that a duplicate name fails where it can be reported.
                        return components.flush().replaceWith(component);
                    });
        }).onFailure(Constraints::isUniqueViolation)
                .transform(e -> duplicate("component", patch.name() == null ? "" : patch.name().get().strip()));
    }

    @ChangesPublicPage
    @WithTransaction
    public Uni<Void> delete(UUID id) {
        return components.deleteById(id).chain(deleted -> deleted
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(ProblemException.notFound("Component", id)));
    }

    /** One page of groups, each with its members. */
    @WithSession
    public Uni<List<GroupMembers>> listGroups(ListPage page) {
        return groups.listInPageOrder(page).chain(list -> components.listMembers(list.stream().map(g -> g.id).toList())
                .map(all -> {
                    Map<UUID, List<Component>> members = new LinkedHashMap<>();
                    list.forEach(group -> members.put(group.id, new ArrayList<>()));
                    all.forEach(c -> members.get(c.groupId).add(c));
                    return list.stream().map(group -> new GroupMembers(group, members.get(group.id))).toList();
                }));
    }

    @WithSession
    public Uni<GroupMembers> getGroup(UUID id) {
        return groups.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Component group", id))
                .chain(group -> components.listMembers(id).map(members -> new GroupMembers(group, members)));
    }

    @ChangesPublicPage
    @WithTransaction
    public Uni<GroupMembers> createGroup(ComponentGroup draft) {
        return (draft.position != null ? Uni.createFrom().item(draft.position) : nextPosition(null))
                .chain(position -> {
                    OffsetDateTime now = now();
                    draft.position = position;
                    draft.createdAt = now;
                    draft.updatedAt = now;
                    return groups.persistAndFlush(draft);
                })
                .map(group -> new GroupMembers(group, List.of()))
                .onFailure(Constraints::isUniqueViolation).transform(e -> duplicate("component group", draft.name));
    }

    /** Deletes an empty group; one that still holds components is a conflict, so none is left without its heading. */
    @ChangesPublicPage
    @WithTransaction
    public Uni<Void> deleteGroup(UUID id) {
        return groups.findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Component group", id))
                .chain(group -> components.countMembers(id).chain(count -> count > 0
                        ? Uni.createFrom().failure(ProblemException.conflict("Component group '" + group.name
                                + "' still holds " + count + " component(s); move them to another group or delete them first."))
                        : groups.delete(group)));
    }

    private Uni<Component> find(UUID id) {
        return components.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Component", id));
    }

    /** Checks that a component may join the group, holding it until the transaction ends. */
    private Uni<Void> requireGroup(UUID groupId) {
        if (groupId == null) {
            return Uni.createFrom().voidItem();
        }
        return groups.findById(groupId, LockModeType.PESSIMISTIC_READ).onItem().ifNull()
                .failWith(() -> ProblemException.invalid("groupId", "is not an existing component group ('" + groupId + "')"))
                .replaceWithVoid();
    }

    /** Last among the group's members, or among the page's top-level entries (groups and ungrouped components). */
    private Uni<Integer> nextPosition(UUID groupId) {
        if (groupId != null) {
            return components.lastPosition(groupId).map(last -> last + 1);
        }
        return components.lastPosition(null)
                .chain(lastComponent -> groups.lastPosition().map(lastGroup -> Math.max(lastComponent, lastGroup) + 1));
    }

    private static ProblemException duplicate(String what, String name) {
        return ProblemException.conflict("A " + what + " named '" + name + "' already exists; names are unique regardless of case.");
    }

    /** PostgreSQL keeps microseconds: what a write returns must equal what a later read returns. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
