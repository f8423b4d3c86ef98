package io.rewind.status.rest;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.rewind.status.Component;
import io.rewind.status.ComponentStatus;
import io.rewind.status.service.GroupMembers;

/**
 * A Statuspage v2 component. Groups are listed as components too, with {@code group: true} and the ids of their
 * members in {@code components}, a member only groups have.
 *
 * @param startDate Statuspage's date uptime is counted from; always {@code null}: Rewind counts a rolling 90 days,
 *        reported in {@code /api/v2/uptime.json}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({ "id", "name", "status", "created_at", "updated_at", "position", "description", "showcase",
        "start_date", "group_id", "page_id", "group", "only_show_if_degraded", "components" })
public record V2Component(String id, String name, ComponentStatus status, OffsetDateTime createdAt,
        OffsetDateTime updatedAt, int position, String description, boolean showcase, LocalDate startDate,
        String groupId, String pageId, boolean group, boolean onlyShowIfDegraded,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> components) {

    static V2Component of(Component component, String pageId) {
        return new V2Component(component.id.toString(), component.name, component.status, component.createdAt,
                component.updatedAt, component.position, component.description, component.showcase, null,
                component.groupId == null ? null : component.groupId.toString(), pageId, false,
                component.onlyShowIfDegraded, null);
    }

    /** A group changes whenever a member's status does, since its own status is derived from theirs. */
    static V2Component of(GroupMembers group, String pageId) {
        OffsetDateTime updatedAt = Stream.concat(Stream.of(group.group().updatedAt),
                group.members().stream().map(member -> member.updatedAt)).max(Comparator.naturalOrder()).orElseThrow();
        return new V2Component(group.group().id.toString(), group.group().name, group.status(), group.group().createdAt,
                updatedAt, group.group().position, group.group().description, false, null, null, pageId, true, false,
                group.members().stream().map(member -> member.id.toString()).toList());
    }
}
