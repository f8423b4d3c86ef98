package io.rewind.status.service;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import io.rewind.status.ComponentStatus;
import io.rewind.status.Impact;
import io.rewind.status.IncidentKind;
import io.rewind.status.MaintenanceStatus;
import io.rewind.status.PageIndicator;

/**
 * Everything the public side shows, read at {@code loadedAt} in one session. {@code stale} is set when the database
 * could not be read and this is the last good copy.
 *
 * @param incidents incidents and maintenances, newest first: every open one, every one of the history window, and the
 *        most recent ones beyond it
 */
public record PageSnapshot(PageContent content, List<IncidentDetail> incidents, OffsetDateTime loadedAt, boolean stale) {

    public static final int RECENT_INCIDENTS = 50;

    public PageSnapshot asStale() {
        return new PageSnapshot(content, incidents, loadedAt, true);
    }

    private Stream<IncidentDetail> ofKind(IncidentKind kind) {
        return incidents.stream().filter(d -> d.incident().kind == kind);
    }

    /** The 50 most recent incidents, as {@code incidents.json} lists them. */
    public List<IncidentDetail> recentIncidents() {
        return ofKind(IncidentKind.INCIDENT).limit(RECENT_INCIDENTS).toList();
    }

    public List<IncidentDetail> unresolvedIncidents() {
        return ofKind(IncidentKind.INCIDENT).filter(d -> d.incident().open()).toList();
    }

    /** The 50 latest maintenances, latest scheduled first. */
    public List<IncidentDetail> maintenances() {
        return ofKind(IncidentKind.MAINTENANCE).limit(RECENT_INCIDENTS).toList();
    }

    public List<IncidentDetail> upcomingMaintenances() {
        return ofKind(IncidentKind.MAINTENANCE)
                .filter(d -> d.incident().status == MaintenanceStatus.SCHEDULED)
                .sorted(Comparator.comparing((IncidentDetail d) -> d.incident().scheduledFor)).toList();
    }

    public List<IncidentDetail> activeMaintenances() {
        return ofKind(IncidentKind.MAINTENANCE).filter(d -> d.incident().active())
                .sorted(Comparator.comparing((IncidentDetail d) -> d.incident().scheduledFor)).toList();
    }

    /** What {@code summary.json} lists: active maintenances first, then upcoming ones. */
    public List<IncidentDetail> activeAndUpcomingMaintenances() {
        return Stream.concat(activeMaintenances().stream(), upcomingMaintenances().stream()).toList();
    }

    public PageIndicator indicator() {
        List<ComponentStatus> statuses = content.components().stream().map(c -> c.status).toList();
        List<Impact> impacts = incidents.stream().filter(d -> d.incident().active())
                .map(d -> d.incident().impact).toList();
        return PageIndicator.of(statuses, impacts);
    }

    /** When anything on the page last changed; when it was read for an empty page. */
    public OffsetDateTime updatedAt() {
        return Stream.concat(Stream.of(content.updatedAt()), incidents.stream().map(d -> d.incident().updatedAt))
                .filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(loadedAt);
    }
}
