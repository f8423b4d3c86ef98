package io.rewind.executor.params;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.rewind.common.metric.WebQuery;
import io.rewind.common.problem.Problem;
import io.rewind.executor.TargetKind;

/**
 * {@code verify.metric}: measures one number on the step's target and checks it, either against a fixed threshold or
 * against a baseline. What is measured depends on the target's kind:
 * <ul>
 * <li>{@code prometheus}: {@code query} (PromQL), and {@code baselineQuery} for a baseline;</li>
 * <li>{@code web}: {@code path} under the target's base URL (a query string, {@code {{now}}} and {@code {{now-5m}}}
 * allowed), {@code jsonPath} to the number in the answer, optional {@code query} (parameters, encoded here),
 * {@code method} ({@code GET}, or {@code POST} with a JSON {@code body}); and {@code baselinePath} (with an optional
 * {@code baselineJsonPath}, by default {@code jsonPath}) for a baseline.</li>
 * </ul>
 * Then either {@code threshold} (a number) with {@code operator} ({@code lt}, {@code le}, {@code gt}, {@code ge}: the
 * value must be ... the threshold), or a baseline with {@code maxIncreasePercent} (a number, 0 or more: how much the
 * value may exceed the baseline's).
 *
 * @param web the web form's request, null in the Prometheus form
 * @param baselineWeb the web form's baseline request, null without a baseline
 */
public record MetricParams(String query, BigDecimal threshold, String operator, String baselineQuery,
        BigDecimal maxIncreasePercent, WebQuery web, WebQuery baselineWeb) implements StepParams {

    private static final List<String> OPERATORS = List.of("lt", "le", "gt", "ge");
    private static final List<String> WEB_KEYS = List.of("path", "jsonPath", "method", "body", "baselinePath",
            "baselineJsonPath");

    public static MetricParams read(ParamReader p) {
        boolean webForm = WEB_KEYS.stream().anyMatch(p::present);
        String query = null;
        WebQuery web = null;
        if (webForm) {
            web = web(p);
            if (p.present("baselineQuery")) {
                p.error("baselineQuery", "belongs to the prometheus form: a web metric's baseline is baselinePath");
            }
        } else {
            if (!p.present("query")) {
                p.error("query", "is required: a PromQL query on a prometheus target, or path and jsonPath on a web target");
            } else {
                query = p.text("query", true);
            }
        }
        boolean absolute = p.present("threshold") || p.present("operator");
        String baselineKey = webForm ? "baselinePath" : "baselineQuery";
        boolean relative = p.present(baselineKey) || p.present("maxIncreasePercent");
        BigDecimal threshold = null;
        String operator = null;
        String baselineQuery = null;
        WebQuery baselineWeb = null;
        BigDecimal increase = null;
        if (absolute && relative) {
            p.error(baselineKey, "cannot be combined with threshold: give threshold and operator, "
                    + "or " + baselineKey + " and maxIncreasePercent");
        } else if (relative) {
            if (webForm) {
                baselineWeb = baseline(p, web);
            } else {
                baselineQuery = p.text("baselineQuery", true);
            }
            increase = p.number("maxIncreasePercent", true);
            if (increase != null && increase.signum() < 0) {
                p.error("maxIncreasePercent", "must be 0 or more");
            }
        } else {
            if (p.present("threshold")) {
                threshold = p.number("threshold", false);
            } else {
                p.error("threshold", absolute ? "is required"
                        : "is required (or " + baselineKey + " and maxIncreasePercent)");
            }
            operator = p.oneOf("operator", absolute, OPERATORS);
        }
        // Both forms' parameters belong to verify.metric, whichever form was chosen.
        p.get("threshold");
        p.get("operator");
        p.get("baselineQuery");
        p.get("maxIncreasePercent");
        WEB_KEYS.forEach(p::get);
        return new MetricParams(query, threshold, operator, baselineQuery, increase, web, baselineWeb);
    }

    /** The web form's request: a path under the target, its query parameters, the JSONPath, the method and body. */
    private static WebQuery web(ParamReader p) {
        Map<String, String> parameters = null;
        Map<?, ?> given = null;
        if (p.present("query") && !(p.get("query") instanceof Map)) {
            p.error("query", "is a PromQL query on a prometheus target; on a web target, query holds the URL's parameters "
                    + "as an object ({\"query\": \"avg:...\"})");
        } else {
            given = p.object("query", false);
        }
        if (given != null) {
            parameters = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : given.entrySet()) {
                if (!(entry.getValue() instanceof String value)) {
                    p.error("query." + entry.getKey(), "must be a string");
                    continue;
                }
                parameters.put(String.valueOf(entry.getKey()), value);
            }
        }
        String path = p.string("path", true, false);
        String jsonPath = p.string("jsonPath", true, false);
        String method = p.string("method", false, false);
        Object body = p.get("body");
        WebQuery web = new WebQuery(path, parameters, jsonPath, method, body);
        // What the reader refused already (missing, not a string) is not said twice.
        Set<String> refused = p.errors().stream().map(Problem.FieldError::field).collect(Collectors.toSet());
        web.problems().stream().filter(e -> !refused.contains(p.path(e.field()))).forEach(e -> p.error(e.field(), e.message()));
        return web;
    }

    private static WebQuery baseline(ParamReader p, WebQuery web) {
        String path = p.string("baselinePath", true, false);
        String jsonPath = p.string("baselineJsonPath", false, false);
        if (web == null || path == null) {
            return null;
        }
        WebQuery baseline = web.at(path, jsonPath);
        baseline.problems().stream().filter(e -> e.field().equals("path") || e.field().equals("jsonPath") && jsonPath != null)
                .forEach(e -> p.error(e.field().equals("path") ? "baselinePath" : "baselineJsonPath", e.message()));
        return baseline;
    }

    /** Why these parameters do not fit a target of {@code kind}, or null. */
    public String problemFor(TargetKind kind) {
        if (kind == TargetKind.WEB && web == null) {
            return "a web target is asked by path and jsonPath (with baselinePath for a baseline), not by a PromQL query";
        }
        if (kind == TargetKind.PROMETHEUS && web != null) {
            return "a prometheus target is asked by a PromQL query (with baselineQuery for a baseline), not by path and "
                    + "jsonPath";
        }
        return null;
    }
}
