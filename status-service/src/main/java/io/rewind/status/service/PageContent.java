package io.rewind.status.service;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.rewind.status.Component;
import io.rewind.status.ComponentGroup;

/** Everything the public page shows about components, read in one session so that it is consistent. */
public record PageContent(List<ComponentGroup> groups, List<Component> components) {

    /** A top-level entry of the page: a group with its members, or an ungrouped component. */
    public sealed interface Entry permits GroupEntry, ComponentEntry {
    }

    public record GroupEntry(GroupMembers group) implements Entry {
    }

    public record ComponentEntry(Component component) implements Entry {
    }

    /**
     * The page top to bottom: groups and ungrouped components share one ordering by position (then name); a group's
     * members follow it in their own order, as Statuspage lists them.
     */
    public List<Entry> entries() {
        Map<UUID, List<Component>> members = new LinkedHashMap<>();
        for (ComponentGroup group : groups) {
            members.put(group.id, new ArrayList<>());
        }
        List<Component> ungrouped = new ArrayList<>();
        for (Component component : components) {
            List<Component> groupMembers = component.groupId == null ? null : members.get(component.groupId);
            if (groupMembers != null) {
                groupMembers.add(component);
            } else {
                // Its group went away between the two reads: show the component rather than lose it.
                ungrouped.add(component);
            }
        }
        record Ranked(int position, String name, Entry entry) {
        }
        return Stream.concat(
                groups.stream().map(g -> new Ranked(g.position, g.name, new GroupEntry(new GroupMembers(g, members.get(g.id))))),
                ungrouped.stream().map(c -> new Ranked(c.position, c.name, new ComponentEntry(c))))
                .sorted(Comparator.comparingInt(Ranked::position).thenComparing(Ranked::name, String.CASE_INSENSITIVE_ORDER))
                .map(Ranked::entry)
                .toList();
    }

    /**
     * When the page last changed: its newest component or group change; {@code null} for an empty page.
     * A deletion leaves no row behind, so it does not move this forward.
     */
    public OffsetDateTime updatedAt() {
        return Stream.concat(groups.stream().map(g -> g.updatedAt), components.stream().map(c -> c.updatedAt))
                .max(Comparator.naturalOrder()).orElse(null);
    }
}
