package io.rewind.status.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.rewind.status.ComponentStatus;
import io.rewind.status.Holdings;
import io.rewind.status.Incident;

class HoldersTest {

    private static final UUID API = UUID.randomUUID();

    private static Incident holding(String kind, String status, ComponentStatus held) {
        Incident incident = new Incident();
        incident.kind = kind;
        incident.status = status;
        incident.components = new Holdings(List.of(new Holdings.Held(API, held)));
        return incident;
    }

    @Test
    void theWorstActiveHolderWins() {
        assertEquals(ComponentStatus.MAJOR_OUTAGE, Holders.statusFor(API, List.of(
                holding(Incident.INCIDENT, "identified", ComponentStatus.MAJOR_OUTAGE),
                holding(Incident.INCIDENT, "monitoring", ComponentStatus.DEGRADED_PERFORMANCE))));
    }

    @Test
    void closedIncidentsAndScheduledMaintenancesHoldNothing() {
        assertEquals(ComponentStatus.DEGRADED_PERFORMANCE, Holders.statusFor(API, List.of(
                holding(Incident.INCIDENT, "resolved", ComponentStatus.MAJOR_OUTAGE),
                holding(Incident.INCIDENT, "postmortem", ComponentStatus.MAJOR_OUTAGE),
                holding(Incident.MAINTENANCE, "scheduled", ComponentStatus.UNDER_MAINTENANCE),
                holding(Incident.INCIDENT, "investigating", ComponentStatus.DEGRADED_PERFORMANCE))));
        assertEquals(ComponentStatus.OPERATIONAL, Holders.statusFor(API, List.of(
                holding(Incident.INCIDENT, "resolved", ComponentStatus.MAJOR_OUTAGE),
                holding(Incident.MAINTENANCE, "completed", ComponentStatus.UNDER_MAINTENANCE))));
    }

    @Test
    void aMaintenanceUnderWayPutsItsComponentsUnderMaintenanceUnlessSomethingIsWorse() {
        assertEquals(ComponentStatus.UNDER_MAINTENANCE, Holders.statusFor(API, List.of(
                holding(Incident.MAINTENANCE, "verifying", ComponentStatus.UNDER_MAINTENANCE))));
        assertEquals(ComponentStatus.PARTIAL_OUTAGE, Holders.statusFor(API, List.of(
                holding(Incident.MAINTENANCE, "in_progress", ComponentStatus.UNDER_MAINTENANCE),
                holding(Incident.INCIDENT, "identified", ComponentStatus.PARTIAL_OUTAGE))));
    }

    @Test
    void aComponentNoOneHoldsIsOperational() {
        assertEquals(ComponentStatus.OPERATIONAL, Holders.statusFor(UUID.randomUUID(), List.of(
                holding(Incident.INCIDENT, "identified", ComponentStatus.MAJOR_OUTAGE))));
    }
}
