package io.rewind.decision.rest;

import java.util.List;
import java.util.UUID;

import io.rewind.decision.IncidentStatus;
import io.rewind.decision.service.TimelineService;

/** An incident's timeline; {@code gaps} names any source that could not be read. */
public record TimelineResponse(UUID incidentId, IncidentStatus status, List<TimelineService.Entry> entries, List<String> gaps) {

    static TimelineResponse from(TimelineService.Timeline timeline) {
        return new TimelineResponse(timeline.incident().id, timeline.incident().status, timeline.entries(), timeline.gaps());
    }
}
