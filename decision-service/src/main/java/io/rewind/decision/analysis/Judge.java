package io.rewind.decision.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.rewind.common.metric.Baseline;
import io.rewind.common.metric.Numbers;

/**
 * Argo Rollouts' judgement of measurements and runs, as pure functions.
 */
public final class Judge {

    private Judge() {
    }

    public enum MeasurementPhase {
        SUCCESSFUL, FAILED, INCONCLUSIVE, ERROR
    }

    public enum RunPhase {
        PENDING, RUNNING, SUCCESSFUL, FAILED, INCONCLUSIVE, ERROR;

        public boolean isFinal() {
            return this != PENDING && this != RUNNING;
        }
    }

    public record Verdict(MeasurementPhase phase, String message) {
    }

    /**
     * One measurement. With both conditions: failure wins, then success, else inconclusive. With only a success
     * condition, not meeting it fails; with only a failure condition, not meeting it succeeds. A baseline exceeded by
     * more than its allowance fails whatever the conditions say.
     */
    public static Verdict measurement(AnalysisSpec.Metric metric, Double value, Double baseline, String error) {
        if (error != null) {
            return new Verdict(MeasurementPhase.ERROR, error);
        }
        if (value == null || value.isNaN() || value.isInfinite()) {
            return new Verdict(MeasurementPhase.ERROR, "the query returned no number (" + value + ")");
        }
        String shown = num(value);
        if (metric.baseline() != null && baseline != null && !baseline.isNaN()) {
            double allowed = Baseline.allowed(baseline, metric.baseline().maxIncreasePercent());
            if (value > allowed && !(baseline == 0 && value == 0)) {
                String increase = baseline > 0 ? "+" + num(Baseline.increasePercent(value, baseline)) + "%" : "from 0";
                return new Verdict(MeasurementPhase.FAILED, shown + " vs baseline " + num(baseline) + " (" + increase
                        + ", more than +" + num(metric.baseline().maxIncreasePercent()) + "%)");
            }
        }
        Condition success = metric.successCondition() == null ? null : Condition.parse(metric.successCondition());
        Condition failure = metric.failureCondition() == null ? null : Condition.parse(metric.failureCondition());
        if (failure != null && failure.test(value)) {
            return new Verdict(MeasurementPhase.FAILED, shown + " meets the failure condition " + failure);
        }
        if (success != null && success.test(value)) {
            return new Verdict(MeasurementPhase.SUCCESSFUL, shown + " meets " + success);
        }
        if (success != null && failure != null) {
            return new Verdict(MeasurementPhase.INCONCLUSIVE, shown + " meets neither " + success + " nor " + failure);
        }
        if (success != null) {
            return new Verdict(MeasurementPhase.FAILED, shown + " does not meet " + success);
        }
        return new Verdict(MeasurementPhase.SUCCESSFUL, shown + (failure != null ? " does not meet the failure condition " + failure
                : " is within the baseline's allowance"));
    }

    public record RunVerdict(RunPhase phase, String message) {
    }

    /**
     * The run after {@code rounds} rounds: a metric fails past its failure limit, is inconclusive past its
     * inconclusive limit, errs past its consecutive-error limit; the run ends at the first such metric (failure first),
     * or succeeds once every round is taken.
     *
     * @param history each metric's measurement phases, oldest first
     */
    public static RunVerdict run(AnalysisSpec spec, Map<String, List<MeasurementPhase>> history, int rounds) {
        List<String> failed = new ArrayList<>();
        List<String> errored = new ArrayList<>();
        List<String> inconclusive = new ArrayList<>();
        for (AnalysisSpec.Metric metric : spec.metrics()) {
            List<MeasurementPhase> phases = history.getOrDefault(metric.name(), List.of());
            long failures = phases.stream().filter(p -> p == MeasurementPhase.FAILED).count();
            long inconclusives = phases.stream().filter(p -> p == MeasurementPhase.INCONCLUSIVE).count();
            int consecutiveErrors = 0;
            for (int i = phases.size() - 1; i >= 0 && phases.get(i) == MeasurementPhase.ERROR; i--) {
                consecutiveErrors++;
            }
            if (failures > spec.failureLimitOrDefault()) {
                failed.add(metric.name() + " failed " + failures + " time(s), limit " + spec.failureLimitOrDefault());
            } else if (consecutiveErrors > spec.consecutiveErrorLimitOrDefault()) {
                errored.add(metric.name() + " could not be measured " + consecutiveErrors + " times in a row, limit "
                        + spec.consecutiveErrorLimitOrDefault());
            } else if (inconclusives > spec.inconclusiveLimitOrDefault()) {
                inconclusive.add(metric.name() + " was inconclusive " + inconclusives + " time(s), limit "
                        + spec.inconclusiveLimitOrDefault());
            }
        }
        if (!failed.isEmpty()) {
            return new RunVerdict(RunPhase.FAILED, String.join("; ", failed));
        }
        if (!errored.isEmpty()) {
            return new RunVerdict(RunPhase.ERROR, String.join("; ", errored));
        }
        if (!inconclusive.isEmpty()) {
            return new RunVerdict(RunPhase.INCONCLUSIVE, String.join("; ", inconclusive));
        }
        if (rounds >= spec.count()) {
            return new RunVerdict(RunPhase.SUCCESSFUL, "all " + rounds + " rounds within bounds");
        }
        return new RunVerdict(RunPhase.RUNNING, rounds + " of " + spec.count() + " rounds taken");
    }

    /** At most four decimals: an analysis' values are often small ratios. */
    static String num(double v) {
        return Numbers.format(v, 4);
    }
}
