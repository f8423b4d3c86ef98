package io.rewind.status.rest;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.quarkus.qute.TemplateData;

import io.rewind.status.AffectedComponents;
import io.rewind.status.Component;
import io.rewind.status.ComponentStatus;
import io.rewind.status.Impact;
import io.rewind.status.Incident;
import io.rewind.status.IncidentUpdate;
import io.rewind.status.Progress;
import io.rewind.status.PageIndicator;
import io.rewind.status.config.StatusPageConfig;
import io.rewind.status.service.IncidentDetail;
import io.rewind.status.service.PageContent;
import io.rewind.status.service.PageSnapshot;
import io.rewind.status.uptime.Uptime;
import io.rewind.status.uptime.UptimeService;

/**
 * What the HTML pages show, worked out here so that the templates only lay it out. Every status is given as words
 * ({@code label}) as well as a colour ({@code tone}), so that it reads without colour vision and without CSS.
 */
final class HtmlViews {

    private HtmlViews() {
    }

    @TemplateData
    record Page(String name, String url, Banner banner, List<ComponentRow> components, List<IncidentView> active,
            List<IncidentView> maintenances, List<Resolved> recent, List<DayGroup> history, Stale stale,
            String generatedAt) {
    }

    /** A recently resolved incident, as the home page lists it: a link and when it ended. */
    @TemplateData
    record Resolved(String name, String url, String resolved, String iso) {
    }

    @TemplateData
    record Banner(String tone, String text) {
    }

    @TemplateData
    record Stale(String asOf, long minutes) {
    }

    @TemplateData
    record ComponentRow(String name, String description, String tone, String label, List<ComponentRow> members,
            List<Day> days, String uptime, String uptimeSummary) {
    }

    @TemplateData
    record Day(String tone, String title) {
    }

    @TemplateData
    record IncidentView(String id, String name, String tone, String label, String impact, String url,
            String window, String started, List<UpdateView> updates, List<String> components) {
    }

    @TemplateData
    record UpdateView(String label, String body, String at, String iso, List<String> changes) {
    }

    @TemplateData
    record DayGroup(String date, List<IncidentView> incidents) {
    }

    /** How many resolved incidents the home page lists; the rest are on /history. */
    private static final int RECENTLY_RESOLVED = 5;

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    /**
     * @param histories each component's days and uptime, from {@link UptimeService}, as the JSON API reports them
     * @param now by the page's clock
     */
    static Page page(StatusPageConfig config, PageSnapshot snapshot, UptimeService.Histories histories,
            OffsetDateTime now) {
        ZoneId zone = config.timeZone();
        PageIndicator indicator = snapshot.indicator();
        Map<UUID, Component> byId = new LinkedHashMap<>();
        snapshot.content().components().forEach(c -> byId.put(c.id, c));
        List<ComponentRow> rows = new ArrayList<>();
        for (PageContent.Entry entry : snapshot.content().entries()) {
            if (entry instanceof PageContent.GroupEntry g) {
                List<ComponentRow> members = g.group().members().stream().filter(HtmlViews::shown)
                        .map(c -> row(c, histories)).toList();
                if (!members.isEmpty()) {
                    ComponentStatus status = g.group().status();
                    rows.add(new ComponentRow(g.group().group().name, g.group().group().description, tone(status),
                            label(status), members, List.of(), null, null));
                }
            } else if (entry instanceof PageContent.ComponentEntry c && shown(c.component())) {
                rows.add(row(c.component(), histories));
            }
        }
        return new Page(config.name(), config.url(), new Banner(tone(indicator), bannerText(indicator)), rows,
                snapshot.unresolvedIncidents().stream().map(d -> incident(d, zone, byId)).toList(),
                snapshot.activeAndUpcomingMaintenances().stream().map(d -> incident(d, zone, byId)).toList(),
                snapshot.recentIncidents().stream().filter(d -> !d.incident().open() && d.incident().resolvedAt != null)
                        .limit(RECENTLY_RESOLVED)
                        .map(d -> new Resolved(d.incident().name, "/incidents/" + d.incident().id,
                                WHEN.format(d.incident().resolvedAt.atZoneSameInstant(zone)),
                                d.incident().resolvedAt.toString()))
                        .toList(),
                byDay(snapshot, zone, byId, now), stale(snapshot, zone, now), WHEN.format(snapshot.loadedAt().atZoneSameInstant(zone)));
    }

    static IncidentView incident(IncidentDetail detail, ZoneId zone, Map<UUID, Component> components) {
        Incident i = detail.incident();
        String window = i.maintenance()
                ? "Scheduled " + WHEN.format(i.scheduledFor.atZoneSameInstant(zone)) + " to "
                        + WHEN.format(i.scheduledUntil.atZoneSameInstant(zone))
                : null;
        List<UpdateView> updates = detail.updates().stream().map(u -> update(u, zone)).toList();
        List<String> names = i.components.ids().stream().map(components::get).filter(c -> c != null)
                .map(c -> c.name).toList();
        String tone = i.maintenance() ? (i.open() ? "maintenance" : "ok") : i.open() ? impactTone(i.impact) : "ok";
        return new IncidentView(i.id.toString(), i.name, tone, statusLabel(i.status), impactLabel(i.impact),
                "/incidents/" + i.id, window, WHEN.format(i.startedAt.atZoneSameInstant(zone)), updates, names);
    }

    private static UpdateView update(IncidentUpdate u, ZoneId zone) {
        List<String> changes = u.affectedComponents.components().stream()
                .filter(a -> a.oldStatus() != a.newStatus())
                .map(HtmlViews::change).toList();
        return new UpdateView(statusLabel(u.status), u.body, WHEN.format(u.displayAt.atZoneSameInstant(zone)),
                u.displayAt.toString(), changes);
    }

    private static String change(AffectedComponents.Affected a) {
        return a.name() + ": " + label(a.oldStatus()) + " → " + label(a.newStatus());
    }

    static Stale stale(PageSnapshot snapshot, ZoneId zone, OffsetDateTime now) {
        if (!snapshot.stale()) {
            return null;
        }
        long minutes = Math.max(0, Duration.between(snapshot.loadedAt(), now).toMinutes());
        return new Stale(WHEN.format(snapshot.loadedAt().atZoneSameInstant(zone)), minutes);
    }

    /** Components hidden while operational stay hidden until they are not. */
    private static boolean shown(Component c) {
        return !c.onlyShowIfDegraded || c.status != ComponentStatus.OPERATIONAL;
    }

    private static ComponentRow row(Component c, UptimeService.Histories histories) {
        Uptime uptime = histories.of(c.id);
        List<Day> days = uptime.days().stream().map(day -> new Day(day.worst() == null ? "ok" : tone(day.worst()),
                SHORT_DATE.format(day.date()) + ": " + (day.worst() == null ? "no incidents" : label(day.worst()))))
                .toList();
        int troubled = uptime.daysWithIncidents();
        String summary = troubled == 0 ? "No incidents" : troubled + (troubled == 1 ? " day" : " days") + " with incidents";
        return new ComponentRow(c.name, c.description, tone(c.status), label(c.status), List.of(), days,
                uptime.percentage().toPlainString() + "%", summary);
    }

    /** The 90-day history, newest day first, days without incidents left out. */
    static List<DayGroup> byDay(PageSnapshot snapshot, ZoneId zone, Map<UUID, Component> components,
            OffsetDateTime now) {
        OffsetDateTime since = now.minusDays(UptimeService.DAYS);
        Map<LocalDate, List<IncidentView>> days = new LinkedHashMap<>();
        snapshot.incidents().stream()
                .filter(d -> !d.incident().maintenance() && d.incident().startedAt.isAfter(since))
                .forEach(d -> days.computeIfAbsent(d.incident().startedAt.atZoneSameInstant(zone).toLocalDate(),
                        k -> new ArrayList<>()).add(incident(d, zone, components)));
        return days.entrySet().stream().map(e -> new DayGroup(DATE.format(e.getKey()), e.getValue())).toList();
    }

    static String bannerText(PageIndicator indicator) {
        return switch (indicator) {
            case NONE -> "All systems operational";
            case MAINTENANCE -> "Maintenance in progress";
            case MINOR -> "Some systems are degraded";
            case MAJOR -> "Partial outage";
            case CRITICAL -> "Major outage";
        };
    }

    static String tone(PageIndicator indicator) {
        return switch (indicator) {
            case NONE -> "ok";
            case MAINTENANCE -> "maintenance";
            case MINOR -> "minor";
            case MAJOR -> "major";
            case CRITICAL -> "critical";
        };
    }

    static String tone(ComponentStatus status) {
        return switch (status) {
            case OPERATIONAL -> "ok";
            case UNDER_MAINTENANCE -> "maintenance";
            case DEGRADED_PERFORMANCE -> "minor";
            case PARTIAL_OUTAGE -> "major";
            case MAJOR_OUTAGE -> "critical";
        };
    }

    static String label(ComponentStatus status) {
        return switch (status) {
            case OPERATIONAL -> "Operational";
            case UNDER_MAINTENANCE -> "Under maintenance";
            case DEGRADED_PERFORMANCE -> "Degraded performance";
            case PARTIAL_OUTAGE -> "Partial outage";
            case MAJOR_OUTAGE -> "Major outage";
        };
    }

    private static String impactTone(Impact impact) {
        return switch (impact) {
            case CRITICAL -> "critical";
            case MAJOR -> "major";
            case MINOR -> "minor";
            case NONE, MAINTENANCE -> "none";
        };
    }

    private static String impactLabel(Impact impact) {
        return switch (impact) {
            case CRITICAL -> "Critical impact";
            case MAJOR -> "Major impact";
            case MINOR -> "Minor impact";
            case MAINTENANCE -> "Maintenance";
            case NONE -> "No impact";
        };
    }

    static String statusLabel(Progress status) {
        String words = status.value().replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
