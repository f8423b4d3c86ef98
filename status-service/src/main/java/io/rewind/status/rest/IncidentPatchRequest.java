package io.rewind.status.rest;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.common.problem.ProblemException;
import io.rewind.status.Impact;
import io.rewind.status.service.IncidentEdit;

/**
 * The body of {@code PATCH /api/admin/incidents/{id}}: the fields present change, none can be cleared. The status
 * moves only by posting an update, so that every change of status is on the timeline.
 */
public record IncidentPatchRequest(
        @Size(max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        Impact impact,
        OffsetDateTime startedAt) {

    IncidentEdit toEdit() {
        if (impact == Impact.MAINTENANCE) {
            throw ProblemException.invalid("impact", "must be one of none, minor, major, critical (got 'maintenance')");
        }
        return new IncidentEdit(name, impact, startedAt, null, null);
    }
}
