package io.rewind.status.rest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.rewind.status.AffectedComponents;
import io.rewind.status.Holdings;
import io.rewind.status.Impact;
import io.rewind.status.Incident;
import io.rewind.status.IncidentUpdate;
import io.rewind.status.service.IncidentDetail;

/**
 * An incident or maintenance as operators see it.
 *
 * @param stale an open incident with no update for longer than {@code rewind.status.incidents.stale-after}: customers
 *        are waiting for news
 * @param components the components it holds, with the status it holds each in
 * @param updates newest first
 */
public record IncidentResponse(UUID id, String name, String status, Impact impact, boolean stale,
        List<Holdings.Held> components, OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime startedAt,
        OffsetDateTime monitoringAt, OffsetDateTime resolvedAt, OffsetDateTime lastUpdateAt,
        OffsetDateTime scheduledFor, OffsetDateTime scheduledUntil, List<Update> updates) {

    public record Update(UUID id, String status, String body, List<AffectedComponents.Affected> affectedComponents,
            OffsetDateTime createdAt) {

        static Update from(IncidentUpdate update) {
            return new Update(update.id, update.status.value(), update.body, update.affectedComponents.components(),
                    update.createdAt);
        }
    }

    static IncidentResponse from(IncidentDetail detail, Duration staleAfter) {
        Incident i = detail.incident();
        boolean stale = !i.maintenance() && i.open()
                && i.lastUpdateAt.plus(staleAfter).isBefore(OffsetDateTime.now());
        return new IncidentResponse(i.id, i.name, i.status.value(), i.impact, stale, i.components.components(),
                i.createdAt, i.updatedAt, i.startedAt, i.monitoringAt, i.resolvedAt, i.lastUpdateAt, i.scheduledFor,
                i.scheduledUntil, detail.updates().stream().map(Update::from).toList());
    }
}
