package io.rewind.status.service;

import java.util.List;

import io.rewind.status.Component;
import io.rewind.status.ComponentGroup;
import io.rewind.status.ComponentStatus;

/** A group with its members in page order. */
public record GroupMembers(ComponentGroup group, List<Component> members) {

    /** What the page shows for the group: its worst member's status. */
    public ComponentStatus status() {
        return ComponentStatus.worst(members.stream().map(member -> member.status).toList());
    }
}
