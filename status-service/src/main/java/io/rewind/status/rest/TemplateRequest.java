package io.rewind.status.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.rewind.status.IncidentStatus;
import io.rewind.status.UpdateTemplate;

/** The body of {@code POST /api/admin/templates} and {@code PUT /api/admin/templates/{id}}. */
public record TemplateRequest(
        @NotBlank @Size(max = 100) String name,
        @NotNull IncidentStatus status,
        @NotBlank @Size(max = 10000) String body) {

    UpdateTemplate toTemplate() {
        UpdateTemplate template = new UpdateTemplate();
        template.name = name.strip();
        template.status = status;
        template.body = body.strip();
        return template;
    }
}
