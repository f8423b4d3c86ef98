package io.rewind.status.rest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.rewind.status.ComponentGroup;
import io.rewind.status.Texts;

/**
 * The body of {@code POST /api/admin/component-groups}. Without a position the group goes last on the page.
 * Components join it through their {@code groupId}.
 */
public record ComponentGroupRequest(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 1000) String description,
        @Min(1) Integer position) {

    ComponentGroup toGroup() {
        ComponentGroup group = new ComponentGroup();
        group.name = name.strip();
        group.description = Texts.blankToNull(description);
        group.position = position;
        return group;
    }
}
