package io.rewind.status;

import java.util.Optional;
import java.util.UUID;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code PATCH /api/admin/components/{id}}: only the members present change. Each member is
 * {@code null} when absent, {@link Optional#empty()} when sent as JSON {@code null}; only {@code description} and
 * {@code groupId} may be cleared that way (a null {@code groupId} moves the component out of its group), the others
 * refuse null.
 */
public record ComponentPatch(
        @JsonDeserialize(using = PatchField.class) Optional<@NotBlank @Size(max = 100) String> name,
        @JsonDeserialize(using = PatchField.class) Optional<@Size(max = 1000) String> description,
        @JsonDeserialize(using = PatchField.class) Optional<@NotNull ComponentStatus> status,
        @JsonDeserialize(using = PatchField.class) Optional<UUID> groupId,
        @JsonDeserialize(using = PatchField.class) Optional<@NotNull @Min(1) Integer> position,
        @JsonDeserialize(using = PatchField.class) Optional<@NotNull Boolean> showcase,
        @JsonDeserialize(using = PatchField.class) Optional<@NotNull Boolean> onlyShowIfDegraded) {

    /** Whether this patch changes nothing but the status: what operators may do, as incidents unfold. */
    public boolean onlyStatus() {
        return name == null && description == null && groupId == null && position == null && showcase == null
                && onlyShowIfDegraded == null;
    }

    /** Whether this patch names a group other than the component's current one, or takes it out of its group. */
    public boolean movesGroup(Component component) {
        return groupId != null && !groupId.equals(Optional.ofNullable(component.groupId));
    }

    /**
     * Applies the members present and reports whether anything a reader sees changed. A component that changes group
     * without a position keeps its old one here; the caller then puts it last among its new siblings.
     */
    public boolean applyTo(Component component) {
        boolean changed = false;
        if (name != null && !name.get().strip().equals(component.name)) {
            component.name = name.get().strip();
            changed = true;
        }
        if (description != null && !description.map(Texts::blankToNull).equals(Optional.ofNullable(component.description))) {
            component.description = description.map(Texts::blankToNull).orElse(null);
            changed = true;
        }
        if (status != null && status.get() != component.status) {
            component.status = status.get();
            changed = true;
        }
        if (movesGroup(component)) {
            component.groupId = groupId.orElse(null);
            changed = true;
        }
        if (position != null && !position.get().equals(component.position)) {
            component.position = position.get();
            changed = true;
        }
        if (showcase != null && showcase.get() != component.showcase) {
            component.showcase = showcase.get();
            changed = true;
        }
        if (onlyShowIfDegraded != null && onlyShowIfDegraded.get() != component.onlyShowIfDegraded) {
            component.onlyShowIfDegraded = onlyShowIfDegraded.get();
            changed = true;
        }
        return changed;
    }
}
