package io.rewind.status.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import io.rewind.status.Component;
import io.rewind.status.Incident;
import io.rewind.status.config.StatusPageConfig;
import io.rewind.status.service.IncidentDetail;

/**
 * A Statuspage v2 incident or scheduled maintenance. Only maintenances carry {@code scheduled_for} and
 * {@code scheduled_until}; {@code components} are the components it names, as they are now.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({ "id", "name", "status", "created_at", "updated_at", "monitoring_at", "resolved_at", "impact",
        "shortlink", "started_at", "page_id", "incident_updates", "components", "scheduled_for", "scheduled_until" })
public record V2Incident(String id, String name, String status, OffsetDateTime createdAt, OffsetDateTime updatedAt,
        OffsetDateTime monitoringAt, OffsetDateTime resolvedAt, String impact, String shortlink,
        OffsetDateTime startedAt, String pageId, List<V2IncidentUpdate> incidentUpdates, List<V2Component> components,
        @JsonInclude(JsonInclude.Include.NON_NULL) OffsetDateTime scheduledFor,
        @JsonInclude(JsonInclude.Include.NON_NULL) OffsetDateTime scheduledUntil) {

    static V2Incident of(IncidentDetail detail, StatusPageConfig config, Map<UUID, Component> components) {
        Incident i = detail.incident();
        return new V2Incident(i.id.toString(), i.name, i.status.value(), i.createdAt, i.updatedAt, i.monitoringAt,
                i.resolvedAt, i.impact.value(), shortlink(config, i.id), i.startedAt, config.id(),
                detail.updates().stream().map(V2IncidentUpdate::of).toList(),
                i.components.ids().stream().map(components::get).filter(Objects::nonNull)
                        .map(c -> V2Component.of(c, config.id())).toList(),
                i.maintenance() ? i.scheduledFor : null, i.maintenance() ? i.scheduledUntil : null);
    }

    /** The incident's own page: Statuspage gives a short link there; this page's URLs are short already. */
    static String shortlink(StatusPageConfig config, UUID id) {
        String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        return base + "/incidents/" + id;
    }
}
