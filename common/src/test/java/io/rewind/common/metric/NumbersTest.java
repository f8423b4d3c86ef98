package io.rewind.common.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

class NumbersTest {

    /** How decision-service wrote numbers before (Judge with 4 decimals, DecisionEngine with 2). */
    private static String before(double v, int decimals) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    @Test
    void fullPrecisionIsPlainWithoutTrailingZeros() {
        assertEquals("0.002", Numbers.format(0.002));
        assertEquals("5", Numbers.format(5.0));
        assertEquals("0.19", Numbers.format(0.19));
        assertEquals("-3.25", Numbers.format(-3.25));
        assertEquals("0", Numbers.format(-0.0));
        assertEquals("12000000000000", Numbers.format(1.2e13));
        assertEquals("0.00000123", Numbers.format(1.23e-6));
        assertEquals("NaN", Numbers.format(Double.NaN));
        assertEquals("Infinity", Numbers.format(Double.POSITIVE_INFINITY));
    }

    @Test
    void fullPrecisionIsWhatTheExecutorWroteBefore() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double v = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(12) - 4);
            assertEquals(BigDecimal.valueOf(v).stripTrailingZeros().toPlainString(), Numbers.format(v), "for " + v);
        }
    }

    @Test
    void roundedToDecimals() {
        assertEquals("0.1235", Numbers.format(0.123456, 4));
        assertEquals("0.12", Numbers.format(0.123456, 2));
        assertEquals("20", Numbers.format(20.0, 2));
        assertEquals("2.5", Numbers.format(2.5, 2));
        assertEquals("0", Numbers.format(0.00001, 4));
        assertEquals("1.01", Numbers.format(1.005, 2), "half up on the decimal the double reads as");
    }

    @Test
    void roundedIsWhatDecisionServiceWroteBefore() {
        Random random = new Random(11);
        for (int decimals : new int[] {2, 4}) {
            for (int i = 0; i < 20_000; i++) {
                double v = random.nextDouble() * Math.pow(10, random.nextInt(10) - 3);
                if (i % 3 == 0) {
                    v = Math.round(v * 1000) / 1000.0;
                }
                assertEquals(before(v, decimals), Numbers.format(v, decimals), "for " + v + " with " + decimals);
            }
        }
    }

    @Test
    void baselineAllowsThePercentageAndSaysTheIncrease() {
        assertEquals(0.209, Baseline.allowed(0.19, 10), 1e-12);
        assertEquals(100, Baseline.allowed(100, 0), 0);
        assertEquals(0, Baseline.allowed(0, 50), 0);
        assertEquals(25, Baseline.increasePercent(1.25, 1), 1e-9);
        assertEquals(-50, Baseline.increasePercent(1, 2), 1e-9);
        assertEquals(Double.NaN, Baseline.increasePercent(1, 0));
    }
}
