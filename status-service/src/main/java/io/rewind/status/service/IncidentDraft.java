package io.rewind.status.service;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.rewind.status.Impact;
import io.rewind.status.IncidentKind;
import io.rewind.status.Progress;

/**
 * A new incident or maintenance with its first update. The first update's text is {@code body}, or the template
 * {@code templateId} filled with {@code variables}.
 */
public record IncidentDraft(IncidentKind kind, String name, Progress status, Impact impact, String body, UUID templateId,
        Map<String, String> variables, List<ComponentChange> components, OffsetDateTime startedAt,
        OffsetDateTime scheduledFor, OffsetDateTime scheduledUntil) {
}
