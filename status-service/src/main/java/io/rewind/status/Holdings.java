package io.rewind.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The components an incident or maintenance holds, each with the status it holds it in. While the incident is active
 * a component shows the worst status any active holder gives it; when the last one closes it is operational again.
 * Stored as an object around the list: Hibernate Reactive cannot write a JSON column whose top level is an array.
 */
public record Holdings(List<Held> components) {

    public record Held(UUID id, ComponentStatus status) {
    }

    public static Holdings none() {
        return new Holdings(List.of());
    }

    public Optional<ComponentStatus> statusOf(UUID component) {
        return components.stream().filter(h -> h.id().equals(component)).map(Held::status).findFirst();
    }

    public List<UUID> ids() {
        return components.stream().map(Held::id).toList();
    }

    /** These holdings with each named component held in its new status; components not named keep theirs. */
    public Holdings with(List<Held> changes) {
        List<Held> merged = new ArrayList<>(components.stream()
                .filter(h -> changes.stream().noneMatch(c -> c.id().equals(h.id()))).toList());
        merged.addAll(changes);
        return new Holdings(List.copyOf(merged));
    }
}
