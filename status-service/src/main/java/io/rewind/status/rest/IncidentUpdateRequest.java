package io.rewind.status.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.rewind.common.problem.ProblemException;
import io.rewind.status.Impact;
import io.rewind.status.IncidentStatus;
import io.rewind.status.service.UpdateDraft;

/**
 * The body of {@code POST /api/admin/incidents/{id}/updates}. {@code impact}, when present, changes the incident's;
 * {@code components} set the named components' statuses (those not named keep what the incident gave them).
 */
public record IncidentUpdateRequest(
        @NotNull IncidentStatus status,
        @Size(max = 10000) String body,
        UUID templateId,
        Map<String, @NotNull String> variables,
        Impact impact,
        List<@Valid @NotNull ComponentChangeRequest> components) {

    UpdateDraft toDraft() {
        if (impact == Impact.MAINTENANCE) {
            throw ProblemException.invalid("impact", "must be one of none, minor, major, critical (got 'maintenance')");
        }
        return new UpdateDraft(status, body, templateId, Variables.checked(variables), impact,
                ComponentChangeRequest.forIncident(components));
    }
}
