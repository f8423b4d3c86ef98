package io.rewind.status.rest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.rewind.status.MaintenanceStatus;
import io.rewind.status.service.UpdateDraft;

/** The body of {@code POST /api/admin/maintenances/{id}/updates}: {@code components} adds components to it. */
public record MaintenanceUpdateRequest(
        @NotNull MaintenanceStatus status,
        @Size(max = 10000) String body,
        UUID templateId,
        Map<String, @NotNull String> variables,
        List<@Valid @NotNull ComponentChangeRequest> components) {

    UpdateDraft toDraft() {
        return new UpdateDraft(status, body, templateId, Variables.checked(variables), null,
                ComponentChangeRequest.forMaintenance(components));
    }
}
