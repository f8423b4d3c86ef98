package io.rewind.executor.action;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.common.metric.Baseline;
import io.rewind.common.metric.Numbers;
import io.rewind.common.metric.WebMetric;
import io.rewind.common.metric.WebSource;
import io.rewind.common.secret.SecretReference;
import io.rewind.common.secret.SecretResolver;
import io.rewind.executor.StepKind;
import io.rewind.executor.client.PrometheusClient;
import io.rewind.executor.config.ExecutorConfig;
import io.rewind.executor.params.MetricParams;
import io.rewind.executor.target.PrometheusTarget;
import io.rewind.executor.target.WebTarget;

/**
 * {@code verify.metric}: evaluates a query on the step's {@code prometheus} target (its {@code /api/v1/query}), or asks
 * a path under the step's {@code web} target and reads the number at a JSONPath in its JSON answer (common's
 * {@link WebMetric}), and checks the value against a threshold ({@code threshold} and {@code operator}) or against a
 * baseline ({@code baselineQuery} or {@code baselinePath}: the value may exceed the baseline's by at most
 * {@code maxIncreasePercent}). When the target has a {@code bearerToken} or secret headers, they are read from their
 * secret references at each query and sent to the target's URL only; a reference that gives no value fails the step
 * naming the reference.
 *
 * <p>A query that gives no single number (no series yet, several, NaN, Prometheus unreachable) is asked again every
 * {@code rewind.executor.metric.retry-delay} until the step's timeout, which then fails it saying why. A number outside
 * the limit fails the verification at once, with the measured value: metrics that settle need a {@code wait} first.
 * The same holds of a web metric whose answer is not a number (an HTTP error, not JSON, a JSONPath that matches
 * nothing or something else than a number, the API unreachable): the last reason is the step's failure.
 *
 * <p>A dry run measures now, as a query reads and changes nothing; a web metric asked by POST is not called in a dry
 * run (a POST may change something), the dry run says what would be asked.
 */
@ApplicationScoped
public class MetricAction implements StepAction {

    private final PrometheusClient prometheus;
    private final WebMetric web;
    private final ExecutorConfig config;

    public MetricAction(PrometheusClient prometheus, SecretResolver secrets, ExecutorConfig config) {
        this.prometheus = prometheus;
        this.web = new WebMetric(secrets);
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
        if (params(context).web() != null && "POST".equals(params(context).web().methodOrDefault())) {
            return new Preview(Map.of(), Map.of(), "would check that " + describe(context) + " (not called in a dry run: "
                    + "the method is POST)");
        }
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
        return new Outcome.Done(after, "measured " + format(measured.value()) + " for " + what(context));
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

    private static MetricParams params(StepContext context) {
        return context.params(MetricParams.class);
    }

    /** The target's bearer token, or null when it has none; a {@link StepFailure} naming the reference when unset. */
    private static String token(StepContext context) {
        SecretReference reference = context.target(PrometheusTarget.class).bearerToken();
        if (reference == null) {
            return null;
        }
        return reference.resolve().orElseThrow(() -> new StepFailure("the bearer token of prometheus target '"
                + context.target().name() + "' is read from " + reference.describe()
                + ", which is not set, unreadable or empty on executor-service; nothing was queried"));
    }

    private Measured measure(StepContext context) {
        MetricParams params = params(context);
        if (params.web() != null) {
            return measureWeb(context, params);
        }
        String url = context.target(PrometheusTarget.class).url();
        String token = token(context);
        PrometheusClient.Result value = prometheus.value(url, token, params.query());
        if (value.problem() != null) {
            return new Measured(null, null, value.problem());
        }
        if (params.baselineQuery() == null) {
            return new Measured(value.value(), null, null);
        }
        PrometheusClient.Result baseline = prometheus.value(url, token, params.baselineQuery());
        if (baseline.problem() != null) {
            return new Measured(null, null, "baseline: " + baseline.problem());
        }
        return new Measured(value.value(), baseline.value(), null);
    }

    private Measured measureWeb(StepContext context, MetricParams params) {
        WebSource source = context.target(WebTarget.class).source();
        try {
            double value = web.measure(source, params.web());
            if (params.baselineWeb() == null) {
                return new Measured(value, null, null);
            }
            try {
                return new Measured(value, web.measure(source, params.baselineWeb()), null);
            } catch (WebMetric.Failed e) {
                return new Measured(null, null, "baseline: " + e.getMessage());
            }
        } catch (WebMetric.Failed e) {
            return new Measured(null, null, e.getMessage());
        } catch (WebMetric.SecretUnresolved e) {
            throw new StepFailure("web target '" + context.target().name() + "': " + e.getMessage());
        }
    }

    /** What is measured: the PromQL query, or the web request and its JSONPath. */
    private static String what(StepContext context) {
        MetricParams params = params(context);
        return params.web() == null ? params.query()
                : WebMetric.describe(context.target(WebTarget.class).source(), params.web());
    }

    /** What the baseline is measured by. */
    private static String baselineWhat(StepContext context) {
        MetricParams params = params(context);
        return params.web() == null ? params.baselineQuery()
                : WebMetric.describe(context.target(WebTarget.class).source(), params.baselineWeb());
    }

    private static String operator(StepContext context) {
        return params(context).operator();
    }

    private static double threshold(StepContext context) {
        return params(context).threshold().doubleValue();
    }

    private static double increase(StepContext context) {
        return params(context).maxIncreasePercent().doubleValue();
    }

    /** The threshold, or the most the value may be given the baseline. */
    private static double limit(StepContext context, Measured measured) {
        if (measured.baseline() == null) {
            return threshold(context);
        }
        return Baseline.allowed(measured.baseline(), increase(context));
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
        MetricParams params = params(context);
        if (params.maxIncreasePercent() != null) {
            return what(context) + " exceeds " + baselineWhat(context) + " by at most " + format(increase(context)) + "%";
        }
        return what(context) + " is " + words(operator(context)) + " " + format(threshold(context));
    }

    private static String verdict(StepContext context, Measured measured) {
        boolean holds = holds(context, measured);
        if (measured.baseline() != null) {
            return "value " + format(measured.value()) + (holds ? " is within " : " exceeds ") + "the baseline "
                    + format(measured.baseline()) + " + " + format(increase(context)) + "% (limit "
                    + format(limit(context, measured)) + ")";
        }
        return "value " + format(measured.value()) + (holds ? " is " : " is not ") + words(operator(context))
                + " the threshold " + format(threshold(context));
    }

    private static String format(double value) {
        return Numbers.format(value);
    }
}
