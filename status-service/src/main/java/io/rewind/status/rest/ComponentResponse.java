package io.rewind.status.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.rewind.status.Component;
import io.rewind.status.ComponentStatus;

/** A component as administrators see it. */
public record ComponentResponse(UUID id, String name, String description, ComponentStatus status, UUID groupId,
        int position, boolean showcase, boolean onlyShowIfDegraded, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static ComponentResponse from(Component component) {
        return new ComponentResponse(component.id, component.name, component.description, component.status,
                component.groupId, component.position, component.showcase, component.onlyShowIfDegraded,
                component.createdAt, component.updatedAt);
    }
}
