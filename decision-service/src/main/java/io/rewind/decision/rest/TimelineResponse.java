package io.rewind.decision.rest;

import java.util.List;
import java.util.UUID;

import io.rewind.decision.IncidentStatus;
import io.rewind.decision.service.TimelineService;

/**
 * An incident's timeline, one page of its entries; {@code gaps} names any source that could not be read, or an
 * execution that is not the incident's rollback.
 */
public record TimelineResponse(UUID incidentId, IncidentStatus status, List<TimelineService.Entry> entries, List<String> gaps) {

    static TimelineResponse from(TimelineService.Timeline timeline, List<TimelineService.Entry> page) {
        return new TimelineResponse(timeline.incident().id, timeline.incident().status, page, timeline.gaps());
    }
}
