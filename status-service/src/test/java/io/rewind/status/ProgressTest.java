package io.rewind.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** One status column, two vocabularies that never overlap, each value read back as what it was written as. */
class ProgressTest {

    @Test
    void everyStatusIsReadBackAsItself() {
        ProgressConverter converter = new ProgressConverter();
        Stream.concat(Stream.of(IncidentStatus.values()), Stream.of(MaintenanceStatus.values())).forEach(status -> {
            assertEquals(status, converter.convertToEntityAttribute(converter.convertToDatabaseColumn(status)));
            assertEquals(status.value(), status.toString(), "JSON and error messages use Statuspage's name");
        });
        assertThrows(IllegalArgumentException.class, () -> Progress.fromValue("fixed"));
    }

    @Test
    void resolvedPostmortemAndCompletedCloseAndOnlyStartedMaintenancesAreActive() {
        assertEquals(List.of(IncidentStatus.RESOLVED, IncidentStatus.POSTMORTEM, MaintenanceStatus.COMPLETED),
                Stream.concat(Stream.of(IncidentStatus.values()), Stream.of(MaintenanceStatus.values()))
                        .filter(Progress::closes).toList());
        assertTrue(IncidentStatus.INVESTIGATING.active() && !IncidentStatus.RESOLVED.active());
        assertTrue(!MaintenanceStatus.SCHEDULED.active() && MaintenanceStatus.IN_PROGRESS.active()
                && MaintenanceStatus.VERIFYING.active() && !MaintenanceStatus.COMPLETED.active());
        assertThrows(IllegalArgumentException.class,
                () -> new IncidentStatusConverter().convertToEntityAttribute("scheduled"),
                "a template's status is an incident's");
    }
}
