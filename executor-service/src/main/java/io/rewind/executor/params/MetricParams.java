package io.rewind.executor.params;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code verify.metric}: evaluates a query on the step's {@code prometheus} target and checks the result, either
 * against a fixed threshold or against a baseline. Params: {@code query}, and either {@code threshold} (a number) with
 * {@code operator} ({@code lt}, {@code le}, {@code gt}, {@code ge}: the query's value must be ... the threshold), or
 * {@code baselineQuery} with {@code maxIncreasePercent} (a number, 0 or more: how much the value may exceed the
 * baseline's).
 */
public record MetricParams(String query, BigDecimal threshold, String operator, String baselineQuery,
        BigDecimal maxIncreasePercent) implements StepParams {

    private static final List<String> OPERATORS = List.of("lt", "le", "gt", "ge");

    public static MetricParams read(ParamReader p) {
        String query = p.text("query", true);
        boolean absolute = p.present("threshold") || p.present("operator");
        boolean relative = p.present("baselineQuery") || p.present("maxIncreasePercent");
        BigDecimal threshold = null;
        String operator = null;
        String baselineQuery = null;
        BigDecimal increase = null;
        if (absolute && relative) {
            p.error("baselineQuery", "cannot be combined with threshold: give threshold and operator, "
                    + "or baselineQuery and maxIncreasePercent");
        } else if (relative) {
            baselineQuery = p.text("baselineQuery", true);
            increase = p.number("maxIncreasePercent", true);
            if (increase != null && increase.signum() < 0) {
                p.error("maxIncreasePercent", "must be 0 or more");
            }
        } else {
            if (p.present("threshold")) {
                threshold = p.number("threshold", false);
            } else {
                p.error("threshold", absolute ? "is required" : "is required (or baselineQuery and maxIncreasePercent)");
            }
            operator = p.oneOf("operator", absolute, OPERATORS);
        }
        // Both forms' parameters belong to verify.metric, whichever form was chosen.
        p.get("threshold");
        p.get("operator");
        p.get("baselineQuery");
        p.get("maxIncreasePercent");
        return new MetricParams(query, threshold, operator, baselineQuery, increase);
    }
}
