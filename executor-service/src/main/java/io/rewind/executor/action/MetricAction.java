package io.rewind.executor.action;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.StepKind;
import io.rewind.executor.client.PrometheusClient;
import io.rewind.executor.config.ExecutorConfig;

/**
 * {@code verify.metric}: evaluates a Prometheus query (at {@code rewind.executor.prometheus-url}) and checks its value
 * against a threshold ({@code threshold} and {@code operator}) or against a baseline ({@code baselineQuery}: the value
 * may exceed the baseline's by at most {@code maxIncreasePercent}).
 *
 * <p>A query that gives no single number (no series yet, several, NaN, Prometheus unreachable) is asked again every
 * {@code rewind.executor.metric.retry-delay} until the step's timeout, which then fails it saying why. A number outside
 * the limit fails the verification at once, with the measured value: metrics that settle need a {@code wait} first.
 */
@ApplicationScoped
public class MetricAction implements StepAction {

    private final PrometheusClient prometheus;
    private final ExecutorConfig config;

    public MetricAction(PrometheusClient prometheus, ExecutorConfig config) {
        this.prometheus = prometheus;
        this.config = config;
    }

    @Override
    public StepKind kind() {
        return StepKind.VERIFY_METRIC;
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return Map.of();
    }

    @Override
    public Preview dryRun(StepContext context) {
        // A query reads and changes nothing, so a dry run may tell what the check would find now.
        Measured now = measure(context);
        String found = now.problem() != null ? "now: " + now.problem() : "now " + verdict(context, now);
        return new Preview(Map.of(), Map.of(), "would check that " + describe(context) + " (" + found + ")");
    }

    @Override
    public Outcome apply(StepContext context) {
        Measured measured = measure(context);
        if (measured.problem() != null) {
            return new Outcome.Waiting("no value yet: " + measured.problem(), config.metric().retryDelay());
        }
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("value", measured.value());
        if (measured.baseline() != null) {
            after.put("baseline", measured.baseline());
        }
        after.put("limit", limit(context, measured));
        return new Outcome.Done(after, "measured " + format(measured.value()) + " for " + context.string("query"));
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        Measured measured = new Measured(((Number) done.after().get("value")).doubleValue(),
                done.after().get("baseline") instanceof Number b ? b.doubleValue() : null, null);
        String verdict = verdict(context, measured);
        return holds(context, measured) ? Check.ok(verdict) : Check.failed(verdict);
    }

    private record Measured(Double value, Double baseline, String problem) {
    }

    private Measured measure(StepContext context) {
        PrometheusClient.Result value = prometheus.value(context.string("query"));
        if (value.problem() != null) {
            return new Measured(null, null, value.problem());
        }
        String baselineQuery = context.string("baselineQuery");
        if (baselineQuery == null) {
            return new Measured(value.value(), null, null);
        }
        PrometheusClient.Result baseline = prometheus.value(baselineQuery);
        if (baseline.problem() != null) {
            return new Measured(null, null, "baseline: " + baseline.problem());
        }
        return new Measured(value.value(), baseline.value(), null);
    }

    private static String operator(StepContext context) {
        return context.string("operator");
    }

    private static double number(StepContext context, String name) {
        return new BigDecimal(String.valueOf(context.params().get(name))).doubleValue();
    }

    /** The threshold, or the most the value may be given the baseline. */
    private static double limit(StepContext context, Measured measured) {
        if (measured.baseline() == null) {
            return number(context, "threshold");
        }
        return measured.baseline() * (1 + number(context, "maxIncreasePercent") / 100);
    }

    private static boolean holds(StepContext context, Measured measured) {
        double value = measured.value();
        double limit = limit(context, measured);
        if (measured.baseline() != null) {
            return value <= limit;
        }
        return switch (operator(context)) {
            case "lt" -> value < limit;
            case "le" -> value <= limit;
            case "gt" -> value > limit;
            case "ge" -> value >= limit;
            default -> throw new StepFailure("unknown operator '" + operator(context) + "'");
        };
    }

    private static String words(String operator) {
        return switch (operator) {
            case "lt" -> "below";
            case "le" -> "at most";
            case "gt" -> "above";
            case "ge" -> "at least";
            default -> operator;
        };
    }

    private static String describe(StepContext context) {
        if (context.string("baselineQuery") != null) {
            return context.string("query") + " exceeds " + context.string("baselineQuery") + " by at most "
                    + format(number(context, "maxIncreasePercent")) + "%";
        }
        return context.string("query") + " is " + words(operator(context)) + " " + format(number(context, "threshold"));
    }

    private static String verdict(StepContext context, Measured measured) {
        boolean holds = holds(context, measured);
        if (measured.baseline() != null) {
            return "value " + format(measured.value()) + (holds ? " is within " : " exceeds ") + "the baseline "
                    + format(measured.baseline()) + " + " + format(number(context, "maxIncreasePercent")) + "% (limit "
                    + format(limit(context, measured)) + ")";
        }
        return "value " + format(measured.value()) + (holds ? " is " : " is not ") + words(operator(context))
                + " the threshold " + format(number(context, "threshold"));
    }

    private static String format(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
