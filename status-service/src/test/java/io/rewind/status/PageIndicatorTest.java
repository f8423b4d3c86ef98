package io.rewind.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class PageIndicatorTest {

    @Test
    void nothingWrongIsAllSystemsOperational() {
        PageIndicator indicator = PageIndicator.of(List.of(ComponentStatus.OPERATIONAL), List.of(Impact.NONE));
        assertEquals(PageIndicator.NONE, indicator);
        assertEquals("All Systems Operational", indicator.description());
    }

    @Test
    void componentsCountAsStatuspageCountsThem() {
        assertEquals(PageIndicator.MINOR, PageIndicator.of(List.of(ComponentStatus.DEGRADED_PERFORMANCE), List.of()));
        assertEquals(PageIndicator.MAJOR, PageIndicator.of(List.of(ComponentStatus.PARTIAL_OUTAGE), List.of()));
        assertEquals("Partial System Outage", PageIndicator.MAJOR.description());
        assertEquals(PageIndicator.CRITICAL, PageIndicator.of(List.of(ComponentStatus.MAJOR_OUTAGE), List.of()));
        assertEquals("Major Service Outage", PageIndicator.CRITICAL.description());
    }

    @Test
    void theWorstOfComponentsAndOpenIncidentsWinsAndMaintenanceRanksBelowAnyOutage() {
        assertEquals(PageIndicator.CRITICAL, PageIndicator.of(List.of(ComponentStatus.DEGRADED_PERFORMANCE),
                List.of(Impact.CRITICAL)));
        assertEquals(PageIndicator.MAINTENANCE, PageIndicator.of(List.of(ComponentStatus.UNDER_MAINTENANCE), List.of()));
        assertEquals(PageIndicator.MINOR, PageIndicator.of(List.of(ComponentStatus.UNDER_MAINTENANCE), List.of(Impact.MINOR)));
    }
}
