package io.rewind.status.rest;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.status.service.IncidentEdit;

/** The body of {@code PATCH /api/admin/maintenances/{id}}: rename or reschedule; the fields present change. */
public record MaintenancePatchRequest(
        @Size(max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        OffsetDateTime scheduledFor,
        OffsetDateTime scheduledUntil) {

    IncidentEdit toEdit() {
        return new IncidentEdit(name, null, null, scheduledFor, scheduledUntil);
    }
}
