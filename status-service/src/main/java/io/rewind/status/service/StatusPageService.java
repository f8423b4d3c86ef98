package io.rewind.status.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

import io.rewind.status.Incident;
import io.rewind.status.IncidentKind;
import io.rewind.status.repository.ComponentGroupRepository;
import io.rewind.status.repository.ComponentRepository;
import io.rewind.status.repository.IncidentRepository;
import io.rewind.status.repository.IncidentUpdateRepository;
import io.rewind.status.uptime.UptimeService;

/** Reads what the public page shows. */
@ApplicationScoped
public class StatusPageService {

    private final ComponentRepository components;
    private final ComponentGroupRepository groups;
    private final IncidentRepository incidents;
    private final IncidentUpdateRepository updates;
    private final Clock clock;

    public StatusPageService(ComponentRepository components, ComponentGroupRepository groups,
            IncidentRepository incidents, IncidentUpdateRepository updates, Clock clock) {
        this.components = components;
        this.groups = groups;
        this.incidents = incidents;
        this.updates = updates;
        this.clock = clock;
    }

    /**
     * Components before groups: a group cannot be deleted while it holds components, so every group a component
     * names is still there when the groups are read.
     */
    @WithSession
    public Uni<PageContent> content() {
        return components.listInPageOrder()
                .chain(all -> groups.listInPageOrder().map(list -> new PageContent(list, all)));
    }

    /** Everything the public side shows, read in one session. */
    @WithSession
    public Uni<PageSnapshot> snapshot() {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        // A day more than the history shows: its first day starts at midnight in the page's zone, up to 14 h earlier.
        return content().chain(content -> incidents.listOpenOrSince(now.minusDays(UptimeService.DAYS + 1))
                .chain(window -> incidents.listRecent(IncidentKind.INCIDENT, PageSnapshot.RECENT_INCIDENTS)
                        .chain(recent -> incidents.listRecent(IncidentKind.MAINTENANCE, PageSnapshot.RECENT_INCIDENTS)
                                .map(maintenances -> {
                                    Map<UUID, Incident> all = new LinkedHashMap<>();
                                    window.forEach(i -> all.put(i.id, i));
                                    recent.forEach(i -> all.putIfAbsent(i.id, i));
                                    maintenances.forEach(i -> all.putIfAbsent(i.id, i));
                                    List<Incident> list = new ArrayList<>(all.values());
                                    list.sort(Comparator.comparing((Incident i) -> i.startedAt).reversed());
                                    return list;
                                })))
                .chain(list -> updates.listFor(list.stream().map(i -> i.id).toList()).map(all -> list.stream()
                        .map(i -> new IncidentDetail(i, all.stream().filter(u -> u.incidentId.equals(i.id)).toList()))
                        .toList()))
                .map(details -> new PageSnapshot(content, details, now, false)));
    }
}
