package io.rewind.status.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.rewind.status.Component;
import io.rewind.status.PageIndicator;
import io.rewind.status.config.StatusPageConfig;
import io.rewind.status.service.IncidentDetail;
import io.rewind.status.service.PageSnapshot;

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
