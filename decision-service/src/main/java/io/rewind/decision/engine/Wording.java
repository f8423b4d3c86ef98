package io.rewind.decision.engine;

import java.time.Duration;
import java.util.Locale;

import io.rewind.common.ApprovalLevel;
import io.rewind.common.metric.Numbers;
import io.rewind.decision.engine.Assessment.StrategyKind;

/**
 * How the engine writes numbers, durations, approval levels and strategies in its reasons and summaries: one
 * formatter, so a criterion and the summary that quotes it never disagree.
 */
public final class Wording {

    private Wording() {
    }

    /** A percentage: {@code 12.5%}, {@code 20%}. */
    public static String pct(double value) {
        return num(value) + "%";
    }

    /** A number with at most two decimals and no trailing zeros: {@code 100}, {@code 2.5}, {@code 0.33}. */
    public static String num(double value) {
        return Numbers.format(value, 2);
    }

    /** {@code 45 s}, {@code 15 min}, {@code 4 h 30 min}; {@code an unknown time} for null. */
    public static String duration(Duration d) {
        if (d == null) {
            return "an unknown time";
        }
        if (d.isZero()) {
            return "0 min";
        }
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return d.toSeconds() + " s";
        }
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = d.toHours();
        long rest = minutes - hours * 60;
        return hours + " h" + (rest == 0 ? "" : " " + rest + " min");
    }

    /** {@code on-call-lead}. */
    public static String level(ApprovalLevel level) {
        return level.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code Feature flag disable}. */
    public static String strategy(StrategyKind kind) {
        return kind.name().charAt(0) + kind.name().substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
