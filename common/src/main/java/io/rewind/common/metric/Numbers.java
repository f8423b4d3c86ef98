package io.rewind.common.metric;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers as Rewind writes them in messages: plain decimals ({@code 0.002}, never {@code 2.0E-3}), no trailing zeros,
 * {@code 5} rather than {@code 5.0}. One implementation for every service, so a value reads the same in an analysis, a
 * step's output and a decision.
 */
public final class Numbers {

    private Numbers() {
    }

    /** {@code value} in full: the shortest decimal that reads back as the same double. */
    public static String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return plain(BigDecimal.valueOf(value));
    }

    /** {@code value} rounded half up to at most {@code maxDecimals} decimals: {@code format(0.123456, 4)} is {@code 0.1235}. */
    public static String format(double value, int maxDecimals) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return plain(BigDecimal.valueOf(value).setScale(maxDecimals, RoundingMode.HALF_UP));
    }

    private static String plain(BigDecimal decimal) {
        return decimal.signum() == 0 ? "0" : decimal.stripTrailingZeros().toPlainString();
    }
}
