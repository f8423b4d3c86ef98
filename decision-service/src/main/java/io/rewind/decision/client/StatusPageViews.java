package io.rewind.decision.client;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What decision-service reads of the public status page: its incidents and their updates (Statuspage v2 names). */
public final class StatusPageViews {

    private StatusPageViews() {
    }

    public record Incidents(List<Incident> incidents) {
    }

    public record Incident(String id, String name, String status,
            @JsonProperty("incident_updates") List<Update> incidentUpdates) {
    }

    public record Update(String status, String body, @JsonProperty("created_at") OffsetDateTime createdAt) {
    }
}
