package io.rewind.status.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.rewind.status.IncidentStatus;
import io.rewind.status.TemplateText;
import io.rewind.status.UpdateTemplate;

/**
 * An update template.
 *
 * @param status the incident status an update written from it usually posts
 * @param placeholders the variables it needs, in order of use
 */
public record TemplateResponse(UUID id, String name, IncidentStatus status, String body, List<String> placeholders,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static TemplateResponse from(UpdateTemplate t) {
        return new TemplateResponse(t.id, t.name, t.status, t.body, List.copyOf(TemplateText.placeholders(t.body)),
                t.createdAt, t.updatedAt);
    }
}
