package io.rewind.decision.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rewind.decision.Analysis;

/** The Retry-After of a full analysis queue: when the soonest queued analysis is expected to take its last round. */
class QueueRetryAfterTest {

    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC);

    private static Analysis queued(Duration interval, int count, int roundsTaken, OffsetDateTime next) {
        Analysis a = new Analysis();
        a.spec = new AnalysisSpec("checkout", null, interval, count, null, null, null, List.of(), null);
        a.roundsTaken = roundsTaken;
        a.nextMeasurementAt = next;
        return a;
    }

    @Test
    void theSoonestEndCounts() {
        Analysis longOne = queued(Duration.ofMinutes(1), 30, 0, NOW);
        Analysis nearlyDone = queued(Duration.ofSeconds(10), 5, 3, NOW.plusSeconds(4));
        // nearly done: its 4th round in 4 s, its 5th and last 10 s later.
        assertEquals(Duration.ofSeconds(15), AnalysisService.retryAfter(List.of(longOne, nearlyDone), NOW));
    }

    @Test
    void atLeastASecondAndAtMostAnHour() {
        assertEquals(Duration.ofSeconds(1), AnalysisService.retryAfter(List.of(queued(Duration.ofSeconds(1), 1, 0, NOW.minusSeconds(5))), NOW));
        assertEquals(Duration.ofHours(1), AnalysisService.retryAfter(List.of(queued(Duration.ofHours(1), 10_000, 0, NOW)), NOW));
        assertEquals(Duration.ofSeconds(1), AnalysisService.retryAfter(List.of(), NOW));
    }
}
