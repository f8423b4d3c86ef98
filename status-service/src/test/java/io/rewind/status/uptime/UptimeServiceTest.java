package io.rewind.status.uptime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.rewind.status.AffectedComponents;
import io.rewind.status.ComponentStatus;
import io.rewind.status.Holdings;
import io.rewind.status.Impact;
import io.rewind.status.Incident;
import io.rewind.status.IncidentKind;
import io.rewind.status.IncidentStatus;
import io.rewind.status.IncidentUpdate;
import io.rewind.status.MaintenanceStatus;
import io.rewind.status.Progress;
import io.rewind.status.service.IncidentDetail;

/** The 90-day history and uptime, against a fixed clock: 10 March 2026, noon UTC. */
class UptimeServiceTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
    private static final UptimeService SERVICE = new UptimeService(
            Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), UTC));
    private static final UUID API = UUID.randomUUID();

    private static IncidentDetail incident(Progress status, String started, String resolved, ComponentStatus held,
            ComponentStatus... updatesTo) {
        Incident i = new Incident();
        i.id = UUID.randomUUID();
        i.kind = status instanceof MaintenanceStatus ? IncidentKind.MAINTENANCE : IncidentKind.INCIDENT;
        i.status = status;
        i.impact = i.kind == IncidentKind.MAINTENANCE ? Impact.MAINTENANCE : Impact.MAJOR;
        i.startedAt = OffsetDateTime.parse(started);
        i.resolvedAt = resolved == null ? null : OffsetDateTime.parse(resolved);
        i.components = new Holdings(List.of(new Holdings.Held(API, held)));
        List<IncidentUpdate> updates = new ArrayList<>();
        for (ComponentStatus to : updatesTo) {
            IncidentUpdate u = new IncidentUpdate();
            u.incidentId = i.id;
            u.status = status;
            u.affectedComponents = new AffectedComponents(List.of(
                    new AffectedComponents.Affected(API.toString(), "API", ComponentStatus.OPERATIONAL, to)));
            updates.add(u);
        }
        return new IncidentDetail(i, updates);
    }

    private static ComponentStatus on(Uptime uptime, LocalDate day) {
        return uptime.days().stream().filter(d -> d.date().equals(day)).findFirst().orElseThrow().worst();
    }

    @Test
    void withoutIncidentsEveryOneOfTheNinetyDaysIsClear() {
        Uptime uptime = SERVICE.histories(List.of(), UTC).of(API);
        assertEquals(90, uptime.days().size());
        assertEquals(TODAY.minusDays(89), uptime.from());
        assertEquals(TODAY, uptime.to());
        assertEquals(TODAY, uptime.days().get(89).date(), "oldest first, today last");
        assertEquals(0, uptime.daysWithIncidents());
        assertEquals(new BigDecimal("100.00"), uptime.percentage());
    }

    @Test
    void anIncidentSpanningMidnightMarksBothDaysAndNoOther() {
        Uptime uptime = SERVICE.histories(List.of(incident(IncidentStatus.RESOLVED, "2026-03-05T23:30:00Z",
                "2026-03-06T00:30:00Z", ComponentStatus.PARTIAL_OUTAGE)), UTC).of(API);
        assertEquals(ComponentStatus.PARTIAL_OUTAGE, on(uptime, LocalDate.of(2026, 3, 5)));
        assertEquals(ComponentStatus.PARTIAL_OUTAGE, on(uptime, LocalDate.of(2026, 3, 6)));
        assertNull(on(uptime, LocalDate.of(2026, 3, 4)), "a day with no incident");
        assertNull(on(uptime, LocalDate.of(2026, 3, 7)));
        assertEquals(2, uptime.daysWithIncidents());
        assertEquals(new BigDecimal("97.77"), uptime.percentage(), "88 of 90 days, rounded down");
    }

    @Test
    void daysAreThePagesDaysInItsTimeZone() {
        // 23:30 UTC is 08:30 the next morning in Tokyo: there it was one day, the 6th.
        Uptime uptime = SERVICE.histories(List.of(incident(IncidentStatus.RESOLVED, "2026-03-05T23:30:00Z",
                "2026-03-06T00:30:00Z", ComponentStatus.MAJOR_OUTAGE)), ZoneId.of("Asia/Tokyo")).of(API);
        assertNull(on(uptime, LocalDate.of(2026, 3, 5)));
        assertEquals(ComponentStatus.MAJOR_OUTAGE, on(uptime, LocalDate.of(2026, 3, 6)));
        assertEquals(1, uptime.daysWithIncidents());
    }

    @Test
    void anOpenIncidentLastsUntilTodayAndNoFurther() {
        Uptime uptime = SERVICE.histories(List.of(incident(IncidentStatus.IDENTIFIED, "2026-03-09T08:00:00Z", null,
                ComponentStatus.DEGRADED_PERFORMANCE, ComponentStatus.MAJOR_OUTAGE)), UTC).of(API);
        assertEquals(ComponentStatus.MAJOR_OUTAGE, on(uptime, LocalDate.of(2026, 3, 9)),
                "the worst it got, by an update, not only what it holds now");
        assertEquals(ComponentStatus.MAJOR_OUTAGE, on(uptime, TODAY));
        assertNull(on(uptime, LocalDate.of(2026, 3, 8)));
        assertEquals(TODAY, uptime.to());
        assertEquals(2, uptime.daysWithIncidents());
        assertEquals(new BigDecimal("97.77"), uptime.percentage());
    }

    @Test
    void anIncidentFromBeforeTheWindowCountsOnlyItsDaysInside() {
        Uptime uptime = SERVICE.histories(List.of(incident(IncidentStatus.RESOLVED, "2025-11-01T10:00:00Z",
                "2025-12-12T10:00:00Z", ComponentStatus.PARTIAL_OUTAGE)), UTC).of(API);
        assertEquals(ComponentStatus.PARTIAL_OUTAGE, on(uptime, TODAY.minusDays(89)));
        assertEquals(ComponentStatus.PARTIAL_OUTAGE, on(uptime, TODAY.minusDays(88)));
        assertEquals(2, uptime.daysWithIncidents());
    }

    @Test
    void maintenanceShowsButDoesNotCountAgainstUptimeAndAScheduledOneShowsNothing() {
        var histories = SERVICE.histories(List.of(
                incident(MaintenanceStatus.COMPLETED, "2026-03-01T02:00:00Z", "2026-03-01T03:00:00Z",
                        ComponentStatus.UNDER_MAINTENANCE),
                incident(MaintenanceStatus.SCHEDULED, "2026-03-10T02:00:00Z", null, ComponentStatus.UNDER_MAINTENANCE)),
                UTC);
        Uptime uptime = histories.of(API);
        assertEquals(ComponentStatus.UNDER_MAINTENANCE, on(uptime, LocalDate.of(2026, 3, 1)));
        assertNull(on(uptime, TODAY));
        assertEquals(0, uptime.daysWithIncidents());
        assertEquals(new BigDecimal("100.00"), uptime.percentage());
        assertEquals(0, histories.of(UUID.randomUUID()).daysWithIncidents(), "a component nothing touched");
    }
}
