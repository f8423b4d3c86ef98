package io.rewind.status.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.rewind.common.problem.ProblemException;
import io.rewind.status.Impact;
import io.rewind.status.IncidentKind;
import io.rewind.status.MaintenanceStatus;
import io.rewind.status.service.IncidentDraft;

/**
 * The body of {@code POST /api/admin/maintenances}: the announcement and its window. Default status scheduled; the
 * components named are under maintenance while it is in progress or verifying.
 */
public record MaintenanceRequest(
        @NotBlank @Size(max = 200) String name,
        MaintenanceStatus status,
        @Size(max = 10000) String body,
        UUID templateId,
        Map<String, @NotNull String> variables,
        @NotNull OffsetDateTime scheduledFor,
        @NotNull OffsetDateTime scheduledUntil,
        List<@Valid @NotNull ComponentChangeRequest> components) {

    IncidentDraft toDraft() {
        if (!scheduledUntil.isAfter(scheduledFor)) {
            throw ProblemException.invalid("scheduledUntil", "must be after scheduledFor");
        }
        return new IncidentDraft(IncidentKind.MAINTENANCE, name, status == null ? MaintenanceStatus.SCHEDULED : status,
                Impact.MAINTENANCE, body, templateId, Variables.checked(variables), ComponentChangeRequest.forMaintenance(components), null,
                scheduledFor, scheduledUntil);
    }
}
