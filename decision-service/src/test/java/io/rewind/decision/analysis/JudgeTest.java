package io.rewind.decision.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rewind.decision.analysis.Judge.MeasurementPhase;
import io.rewind.decision.analysis.Judge.RunPhase;

/** Argo Rollouts' measurement and run semantics. */
class JudgeTest {

    private static AnalysisSpec.Metric metric(String success, String failure, AnalysisSpec.Baseline baseline) {
        return new AnalysisSpec.Metric("m", "q", success, failure, baseline, null, null);
    }

    private static AnalysisSpec spec(int count, Integer failureLimit, Integer inconclusiveLimit, Integer errorLimit) {
        return new AnalysisSpec("checkout", null, Duration.ofSeconds(1), count, failureLimit, inconclusiveLimit, errorLimit,
                List.of(metric("result < 5", "result > 10", null)), null);
    }

    @Test
    void conditionsDecideEachMeasurement() {
        AnalysisSpec.Metric both = metric("result < 5", "result > 10", null);
        assertEquals(MeasurementPhase.SUCCESSFUL, Judge.measurement(both, 4.9, null, null).phase());
        assertEquals(MeasurementPhase.INCONCLUSIVE, Judge.measurement(both, 7.0, null, null).phase());
        assertEquals(MeasurementPhase.INCONCLUSIVE, Judge.measurement(both, 10.0, null, null).phase(), "10 is not > 10");
        assertEquals(MeasurementPhase.FAILED, Judge.measurement(both, 10.1, null, null).phase());
        assertEquals(MeasurementPhase.FAILED, Judge.measurement(metric("result < 5", null, null), 7.0, null, null).phase());
        assertEquals(MeasurementPhase.SUCCESSFUL, Judge.measurement(metric(null, "result > 10", null), 7.0, null, null).phase());
        assertEquals(MeasurementPhase.ERROR, Judge.measurement(both, Double.NaN, null, null).phase());
        assertEquals(MeasurementPhase.ERROR, Judge.measurement(both, null, null, "no series").phase());
    }

    @Test
    void aBaselineFailsAnIncreaseBeyondItsAllowance() {
        AnalysisSpec.Metric relative = metric(null, null, new AnalysisSpec.Baseline(null, null, 50.0, null, null));
        assertEquals(MeasurementPhase.SUCCESSFUL, Judge.measurement(relative, 1.5, 1.0, null).phase(), "+50% is allowed");
        Judge.Verdict over = Judge.measurement(relative, 1.51, 1.0, null);
        assertEquals(MeasurementPhase.FAILED, over.phase());
        assertTrue(over.message().contains("vs baseline 1 (+51%"), over.message());
        assertEquals(MeasurementPhase.FAILED, Judge.measurement(relative, 0.2, 0.0, null).phase(), "anything above a zero baseline");
        assertEquals(MeasurementPhase.SUCCESSFUL, Judge.measurement(relative, 0.0, 0.0, null).phase());
    }

    @Test
    void runsFollowTheLimits() {
        AnalysisSpec strict = spec(3, null, null, null);
        assertEquals(RunPhase.RUNNING, Judge.run(strict, Map.of("m", List.of(MeasurementPhase.SUCCESSFUL)), 1).phase());
        assertEquals(RunPhase.SUCCESSFUL, Judge.run(strict, Map.of("m", List.of(MeasurementPhase.SUCCESSFUL,
                MeasurementPhase.SUCCESSFUL, MeasurementPhase.SUCCESSFUL)), 3).phase());
        assertEquals(RunPhase.FAILED, Judge.run(strict, Map.of("m", List.of(MeasurementPhase.FAILED)), 1).phase(),
                "failure limit 0: the first failure ends the run");
        AnalysisSpec lenient = spec(5, 1, 1, 1);
        assertEquals(RunPhase.RUNNING, Judge.run(lenient, Map.of("m", List.of(MeasurementPhase.FAILED)), 1).phase());
        assertEquals(RunPhase.FAILED, Judge.run(lenient, Map.of("m", List.of(MeasurementPhase.FAILED, MeasurementPhase.FAILED)), 2).phase());
        assertEquals(RunPhase.INCONCLUSIVE, Judge.run(lenient, Map.of("m", List.of(MeasurementPhase.INCONCLUSIVE,
                MeasurementPhase.INCONCLUSIVE)), 2).phase());
        assertEquals(RunPhase.RUNNING, Judge.run(lenient, Map.of("m", List.of(MeasurementPhase.ERROR, MeasurementPhase.SUCCESSFUL,
                MeasurementPhase.ERROR)), 3).phase(), "errors count only when consecutive");
        assertEquals(RunPhase.ERROR, Judge.run(lenient, Map.of("m", List.of(MeasurementPhase.ERROR, MeasurementPhase.ERROR)), 2).phase());
    }

    @Test
    void aConditionIsOneComparisonOrRefused() {
        assertTrue(Condition.parse("result >= 0.99").test(0.99));
        assertTrue(Condition.parse(" result != 0 ").test(1));
        assertThrows(IllegalArgumentException.class, () -> Condition.parse("result < 5 || true"));
        assertThrows(IllegalArgumentException.class, () -> Condition.parse("System.exit(1)"));
    }
}
