package io.rewind.status.rest;

import java.util.UUID;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.rewind.status.Component;
import io.rewind.status.ComponentStatus;
import io.rewind.status.Texts;

/**
 * The body of {@code POST /api/admin/components}. Defaults: status operational, no group, last among its siblings,
 * not showcased, always shown.
 */
public record ComponentRequest(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 1000) String description,
        ComponentStatus status,
        UUID groupId,
        @Min(1) Integer position,
        Boolean showcase,
        Boolean onlyShowIfDegraded) {

    Component toComponent() {
        Component component = new Component();
        component.name = name.strip();
        component.description = Texts.blankToNull(description);
        component.status = status == null ? ComponentStatus.OPERATIONAL : status;
        component.groupId = groupId;
        component.position = position;
        component.showcase = Boolean.TRUE.equals(showcase);
        component.onlyShowIfDegraded = Boolean.TRUE.equals(onlyShowIfDegraded);
        return component;
    }
}
