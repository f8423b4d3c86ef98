package io.rewind.status.uptime;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.status.ComponentStatus;
import io.rewind.status.Incident;
import io.rewind.status.MaintenanceStatus;
import io.rewind.status.service.IncidentDetail;

/**
 * The page's {@value #DAYS}-day history of each component and its uptime, worked out from the incidents and
 * maintenances that held it; the HTML page's bars and {@code /api/v2/uptime.json} come from here, so they agree.
 *
 * <p>An incident colours every day, in the page's time zone, from the day it started to the day it was resolved (today
 * while it is open) with the worst status it gave the component: the one it holds it in, or any its updates moved it
 * to. A maintenance colours its days as maintenance once it has started; a scheduled one colours nothing yet.
 */
@ApplicationScoped
public class UptimeService {

    /** How far back the page's history reaches, today included. */
    public static final int DAYS = 90;

    private final Clock clock;

    public UptimeService(Clock clock) {
        this.clock = clock;
    }

    public LocalDate today(ZoneId zone) {
        return LocalDate.now(clock.withZone(zone));
    }

    /** Now, by the injected clock. */
    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** Every component's history over the window that ends today. */
    public Histories histories(Collection<IncidentDetail> incidents, ZoneId zone) {
        LocalDate today = today(zone);
        LocalDate first = today.minusDays(DAYS - 1);
        Map<UUID, Map<LocalDate, ComponentStatus>> worst = new LinkedHashMap<>();
        for (IncidentDetail detail : incidents) {
            Incident i = detail.incident();
            if (i.status == MaintenanceStatus.SCHEDULED) {
                continue;
            }
            LocalDate from = i.startedAt.atZoneSameInstant(zone).toLocalDate();
            LocalDate to = i.resolvedAt == null ? today : i.resolvedAt.atZoneSameInstant(zone).toLocalDate();
            if (to.isAfter(today)) {
                to = today;
            }
            Map<UUID, List<ComponentStatus>> statuses = new LinkedHashMap<>();
            i.components.components().forEach(h -> statuses.computeIfAbsent(h.id(), k -> new ArrayList<>()).add(h.status()));
            detail.updates().forEach(u -> u.affectedComponents.components().forEach(a -> statuses
                    .computeIfAbsent(UUID.fromString(a.code()), k -> new ArrayList<>()).add(a.newStatus())));
            for (var entry : statuses.entrySet()) {
                ComponentStatus status = ComponentStatus.worst(entry.getValue());
                if (status == ComponentStatus.OPERATIONAL) {
                    continue;
                }
                for (LocalDate d = from.isBefore(first) ? first : from; !d.isAfter(to); d = d.plusDays(1)) {
                    worst.computeIfAbsent(entry.getKey(), k -> new LinkedHashMap<>())
                            .merge(d, status, (a, b) -> ComponentStatus.worst(List.of(a, b)));
                }
            }
        }
        return new Histories(first, today, worst);
    }

    /** The histories of one window; {@link #of} answers for any component, an untouched one with clear days. */
    public record Histories(LocalDate from, LocalDate to, Map<UUID, Map<LocalDate, ComponentStatus>> worst) {

        public Uptime of(UUID component) {
            Map<LocalDate, ComponentStatus> days = worst.getOrDefault(component, Map.of());
            List<Uptime.Day> list = new ArrayList<>();
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                list.add(new Uptime.Day(d, days.get(d)));
            }
            return new Uptime(from, to, List.copyOf(list));
        }
    }
}
