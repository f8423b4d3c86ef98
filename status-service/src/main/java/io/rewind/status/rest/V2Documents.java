package io.rewind.status.rest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.rewind.status.Component;
import io.rewind.status.ComponentStatus;
import io.rewind.status.PageIndicator;
import io.rewind.status.config.StatusPageConfig;
import io.rewind.status.service.IncidentDetail;
import io.rewind.status.service.PageSnapshot;
import io.rewind.status.uptime.Uptime;
import io.rewind.status.uptime.UptimeService;

/** The bodies of the Statuspage v2 documents other than {@code components.json}, as Atlassian serves them. */
final class V2Documents {

    private V2Documents() {
    }

    /** Statuspage v2 {@code status}: the page's indicator and its description. */
    record V2Status(PageIndicator indicator, String description) {

        static V2Status of(PageSnapshot snapshot) {
            PageIndicator indicator = snapshot.indicator();
            return new V2Status(indicator, indicator.description());
        }
    }

    record StatusBody(V2Page page, V2Status status) {
    }

    record IncidentsBody(V2Page page, List<V2Incident> incidents) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record MaintenancesBody(V2Page page, List<V2Incident> scheduledMaintenances) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({ "page", "components", "incidents", "scheduled_maintenances", "status" })
    record SummaryBody(V2Page page, List<V2Component> components, List<V2Incident> incidents,
            List<V2Incident> scheduledMaintenances, V2Status status) {
    }

    /**
     * {@code /api/v2/uptime.json}, Rewind's own document (Statuspage's v2 API has no uptime): each component's uptime
     * over the window, as the HTML page shows it, named as Statuspage's management API names a component's uptime
     * ({@code range_start}, {@code range_end}, {@code uptime_percentage}), and the days something happened to it.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({ "page", "range_start", "range_end", "components" })
    record UptimeBody(V2Page page, LocalDate rangeStart, LocalDate rangeEnd, List<V2Uptime> components) {
    }

    /**
     * @param uptimePercentage the percentage of the window's days without an incident on this component, two decimals
     * @param days the days an incident or maintenance touched it, oldest first, with the worst status of each
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonPropertyOrder({ "id", "name", "uptime_percentage", "days_with_incidents", "days" })
    record V2Uptime(String id, String name, BigDecimal uptimePercentage, int daysWithIncidents, List<V2Day> days) {
    }

    record V2Day(LocalDate date, ComponentStatus status) {
    }

    static UptimeBody uptime(StatusPageConfig config, PageSnapshot snapshot, UptimeService.Histories histories) {
        List<V2Uptime> components = snapshot.content().components().stream().map(c -> {
            Uptime uptime = histories.of(c.id);
            return new V2Uptime(c.id.toString(), c.name, uptime.percentage(), uptime.daysWithIncidents(),
                    uptime.days().stream().filter(d -> d.worst() != null).map(d -> new V2Day(d.date(), d.worst()))
                            .toList());
        }).toList();
        return new UptimeBody(page(config, snapshot), histories.from(), histories.to(), components);
    }

    static V2Page page(StatusPageConfig config, PageSnapshot snapshot) {
        return V2Page.of(config, snapshot.updatedAt());
    }

    static List<V2Incident> incidents(StatusPageConfig config, PageSnapshot snapshot, List<IncidentDetail> details) {
        Map<UUID, Component> components = snapshot.content().components().stream()
                .collect(Collectors.toMap(c -> c.id, Function.identity()));
        return details.stream().map(d -> V2Incident.of(d, config, components)).toList();
    }

    static StatusBody status(StatusPageConfig config, PageSnapshot snapshot) {
        return new StatusBody(page(config, snapshot), V2Status.of(snapshot));
    }

    static IncidentsBody incidentsBody(StatusPageConfig config, PageSnapshot snapshot, List<IncidentDetail> details) {
        return new IncidentsBody(page(config, snapshot), incidents(config, snapshot, details));
    }

    static MaintenancesBody maintenancesBody(StatusPageConfig config, PageSnapshot snapshot, List<IncidentDetail> details) {
        return new MaintenancesBody(page(config, snapshot), incidents(config, snapshot, details));
    }

    static SummaryBody summary(StatusPageConfig config, PageSnapshot snapshot) {
        V2Components components = V2Components.of(config, snapshot.content());
        return new SummaryBody(page(config, snapshot), components.components(),
                incidents(config, snapshot, snapshot.unresolvedIncidents()),
                incidents(config, snapshot, snapshot.activeAndUpcomingMaintenances()), V2Status.of(snapshot));
    }
}
