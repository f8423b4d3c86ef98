package io.rewind.common.metric;

/**
 * A value judged against a baseline: it may exceed the baseline by at most a percentage. The one formula the analyses
 * of decision-service and the {@code verify.metric} steps of executor-service share.
 */
public final class Baseline {

    private Baseline() {
    }

    /** The most a value may be: {@code baseline} plus {@code maxIncreasePercent} of it. */
    public static double allowed(double baseline, double maxIncreasePercent) {
        return baseline * (1 + maxIncreasePercent / 100);
    }

    /** How much {@code value} is above {@code baseline}, in percent of it (negative below); NaN for a baseline of 0. */
    public static double increasePercent(double value, double baseline) {
        return baseline == 0 ? Double.NaN : (value / baseline - 1) * 100;
    }
}
