package io.rewind.status.service;

import java.time.OffsetDateTime;

import io.rewind.status.Impact;

/** Changes to an incident's own fields; {@code null} leaves a field alone. Its status moves only by updates. */
public record IncidentEdit(String name, Impact impact, OffsetDateTime startedAt, OffsetDateTime scheduledFor,
        OffsetDateTime scheduledUntil) {
}
