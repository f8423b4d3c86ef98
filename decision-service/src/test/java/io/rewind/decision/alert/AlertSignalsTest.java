package io.rewind.decision.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rewind.common.Severity;

class AlertSignalsTest {

    @Test
    void annotationsWinOverLabelsAndEveryFieldOfTheConventionIsRead() {
        Map<String, String> labels = Map.of("alertname", "HighErrors", "service", "checkout", "severity", "warning",
                "crash", "true", "error_rate_percent", "50");
        Map<String, String> annotations = Map.of("error_rate_percent", "12.5", "baseline_error_rate_percent", "0.4",
                "users_affected_percent", "20", "latency_degradation_percent", "-10", "time_to_fix_minutes", "90",
                "security_breach", "FALSE", "description", "5xx up");
        AlertSignals.Mapped mapped = AlertSignals.map("checkout", labels, annotations);
        assertEquals(Severity.P2, mapped.signals().severity());
        assertEquals(12.5, mapped.signals().errorRatePercent());
        assertEquals(0.4, mapped.signals().baselineErrorRatePercent());
        assertEquals(20.0, mapped.signals().usersAffectedPercent());
        assertEquals(-10.0, mapped.signals().latencyDegradationPercent());
        assertEquals(90, mapped.signals().timeToFixMinutes());
        assertEquals(Boolean.TRUE, mapped.signals().crash());
        assertEquals(Boolean.FALSE, mapped.signals().securityBreach());
        assertNull(mapped.signals().dataCorruption());
        assertNull(mapped.signals().release(), "the release link fills it");
        assertEquals("HighErrors on checkout", mapped.title());
        assertEquals("5xx up", mapped.detail());
        assertTrue(mapped.notes().isEmpty());
    }

    @Test
    void valuesOutsideTheConventionAreNotedNotGuessed() {
        Map<String, String> annotations = Map.of("error_rate_percent", "NaN", "users_affected_percent", "-1",
                "latency_degradation_percent", "1e9", "time_to_fix_minutes", "90.0", "crash", "yes", "severity", "sev2");
        AlertSignals.Mapped mapped = AlertSignals.map("checkout", Map.of(), annotations);
        assertNull(mapped.signals().errorRatePercent());
        assertNull(mapped.signals().usersAffectedPercent());
        assertNull(mapped.signals().latencyDegradationPercent());
        assertNull(mapped.signals().timeToFixMinutes());
        assertNull(mapped.signals().crash());
        assertNull(mapped.signals().severity());
        assertEquals(6, mapped.notes().size(), String.join("\n", mapped.notes()));
    }

    @Test
    void aServiceMustBeAServiceName() {
        List<String> notes = new ArrayList<>();
        assertEquals("checkout", AlertSignals.service(Map.of("service", "checkout"), Map.of(), notes));
        assertNull(AlertSignals.service(Map.of("service", "Checkout Service"), Map.of(), notes));
        assertNull(AlertSignals.service(Map.of("job", "checkout"), null, notes));
        assertEquals(2, notes.size());
    }

    @Test
    void aLongSummaryIsCutToATitle() {
        String summary = "x".repeat(500);
        assertEquals(AlertSignals.MAX_TITLE, AlertSignals.map("checkout", Map.of(), Map.of("summary", summary)).title().length());
    }
}
