package io.rewind.status.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.rewind.status.ComponentStatus;
import io.rewind.status.Holdings;
import io.rewind.status.Incident;
import io.rewind.status.IncidentKind;
import io.rewind.status.Progress;

class HoldersTest {

    private static final UUID API = UUID.randomUUID();

    private static Incident holding(IncidentKind kind, String status, ComponentStatus held) {
        Incident incident = new Incident();
        incident.kind = kind;
        incident.status = Progress.fromValue(status);
        incident.components = new Holdings(List.of(new Holdings.Held(API, held)));
        return incident;
    }

    @Test
    void theWorstActiveHolderWins() {
        assertEquals(ComponentStatus.MAJOR_OUTAGE, Holders.statusFor(API, List.of(
                holding(IncidentKind.INCIDENT, "identified", ComponentStatus.MAJOR_OUTAGE),
                holding(IncidentKind.INCIDENT, "monitoring", ComponentStatus.DEGRADED_PERFORMANCE))));
    }

    @Test
    void closedIncidentsAndScheduledMaintenancesHoldNothing() {
        assertEquals(ComponentStatus.DEGRADED_PERFORMANCE, Holders.statusFor(API, List.of(
                holding(IncidentKind.INCIDENT, "resolved", ComponentStatus.MAJOR_OUTAGE),
                holding(IncidentKind.INCIDENT, "postmortem", ComponentStatus.MAJOR_OUTAGE),
                holding(IncidentKind.MAINTENANCE, "scheduled", ComponentStatus.UNDER_MAINTENANCE),
                holding(IncidentKind.INCIDENT, "investigating", ComponentStatus.DEGRADED_PERFORMANCE))));
        assertEquals(ComponentStatus.OPERATIONAL, Holders.statusFor(API, List.of(
                holding(IncidentKind.INCIDENT, "resolved", ComponentStatus.MAJOR_OUTAGE),
                holding(IncidentKind.MAINTENANCE, "completed", ComponentStatus.UNDER_MAINTENANCE))));
    }

    @Test
    void aMaintenanceUnderWayPutsItsComponentsUnderMaintenanceUnlessSomethingIsWorse() {
        assertEquals(ComponentStatus.UNDER_MAINTENANCE, Holders.statusFor(API, List.of(
                holding(IncidentKind.MAINTENANCE, "verifying", ComponentStatus.UNDER_MAINTENANCE))));
        assertEquals(ComponentStatus.PARTIAL_OUTAGE, Holders.statusFor(API, List.of(
                holding(IncidentKind.MAINTENANCE, "in_progress", ComponentStatus.UNDER_MAINTENANCE),
                holding(IncidentKind.INCIDENT, "identified", ComponentStatus.PARTIAL_OUTAGE))));
    }

    @Test
    void aComponentNoOneHoldsIsOperational() {
        assertEquals(ComponentStatus.OPERATIONAL, Holders.statusFor(UUID.randomUUID(), List.of(
                holding(IncidentKind.INCIDENT, "identified", ComponentStatus.MAJOR_OUTAGE))));
    }
}
