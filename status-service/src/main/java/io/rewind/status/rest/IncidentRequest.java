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
import io.rewind.status.IncidentStatus;
import io.rewind.status.service.IncidentDraft;

/**
 * The body of {@code POST /api/admin/incidents}: the incident and its first update. Defaults: status investigating,
 * impact none, started now. The text is {@code body}, or {@code templateId} filled with {@code variables}.
 */
public record IncidentRequest(
        @NotBlank @Size(max = 200) String name,
        IncidentStatus status,
        Impact impact,
        @Size(max = 10000) String body,
        UUID templateId,
        Map<String, @NotNull String> variables,
        List<@Valid @NotNull ComponentChangeRequest> components,
        OffsetDateTime startedAt) {

    IncidentDraft toDraft() {
        if (impact == Impact.MAINTENANCE) {
            throw ProblemException.invalid("impact", "must be one of none, minor, major, critical (got 'maintenance')");
        }
        return new IncidentDraft(IncidentKind.INCIDENT, name, status == null ? IncidentStatus.INVESTIGATING : status,
                impact == null ? Impact.NONE : impact, body, templateId, Variables.checked(variables),
                ComponentChangeRequest.forIncident(components), startedAt, null, null);
    }
}
