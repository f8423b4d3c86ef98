package io.rewind.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a group shows for its members. */
class ComponentStatusTest {

    @Test
    void aGroupShowsItsWorstMembersStatusAndMaintenanceIsBetterThanAnyOutage() {
        assertEquals(ComponentStatus.OPERATIONAL, ComponentStatus.worst(List.of()));
        assertEquals(ComponentStatus.UNDER_MAINTENANCE,
                ComponentStatus.worst(List.of(ComponentStatus.OPERATIONAL, ComponentStatus.UNDER_MAINTENANCE)));
        assertEquals(ComponentStatus.DEGRADED_PERFORMANCE,
                ComponentStatus.worst(List.of(ComponentStatus.UNDER_MAINTENANCE, ComponentStatus.DEGRADED_PERFORMANCE)));
        assertEquals(ComponentStatus.MAJOR_OUTAGE, ComponentStatus.worst(List.of(ComponentStatus.MAJOR_OUTAGE,
                ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.OPERATIONAL)));
    }

    @Test
    void statusesUseStatuspagesNames() {
        assertEquals(List.of("operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"),
                List.of(ComponentStatus.values()).stream().map(ComponentStatus::value).toList());
        assertEquals(ComponentStatus.PARTIAL_OUTAGE, ComponentStatus.fromValue("partial_outage"));
    }
}
