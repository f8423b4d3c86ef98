package io.rewind.status.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.rewind.status.ComponentStatus;
import io.rewind.status.service.GroupMembers;

/**
 * A component group as administrators see it.
 *
 * @param status its worst member's status, which is what the page shows for it
 * @param components the ids of its members, in page order
 */
public record ComponentGroupResponse(UUID id, String name, String description, int position, ComponentStatus status,
        List<UUID> components, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static ComponentGroupResponse from(GroupMembers group) {
        return new ComponentGroupResponse(group.group().id, group.group().name, group.group().description,
                group.group().position, group.status(), group.members().stream().map(member -> member.id).toList(),
                group.group().createdAt, group.group().updatedAt);
    }
}
