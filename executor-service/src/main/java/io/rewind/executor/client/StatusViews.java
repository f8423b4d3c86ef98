package io.rewind.executor.client;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** What executor-service sends to and reads from status-service's admin API. */
public final class StatusViews {

    private StatusViews() {
    }

    /** {@code POST /api/admin/incidents}: the incident and its first update, as {@code body} or a template. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewIncident(String name, String status, String body, UUID templateId, Map<String, String> variables,
            String impact, List<ComponentChange> components) {
    }

    /** A component an incident or update puts into a status ({@code major_outage}, ..., {@code operational}). */
    public record ComponentChange(UUID id, String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Component(UUID id, String name, String status) {
    }

    /** {@code POST /api/admin/incidents/{id}/updates}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewUpdate(String status, String body, UUID templateId, Map<String, String> variables, String impact,
            List<ComponentChange> components) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Incident(UUID id, String name, String status, OffsetDateTime createdAt, List<Update> updates) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Update(UUID id, String status, String body, OffsetDateTime createdAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Template(UUID id, String name, List<String> placeholders) {
    }
}
