package io.rewind.decision.analysis;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.common.ServiceNames;
import io.rewind.common.metric.WebQuery;
import io.rewind.decision.engine.Signals;

/**
 * An analysis of a release's live metrics, modelled on Argo Rollouts' AnalysisTemplate: every {@code interval}, each
 * metric is measured (a Prometheus query, or a web provider: a JSON API an admin configured as a metric source),
 * {@code count} times in all, and judged by its conditions and baseline.
 *
 * @param failureLimit a metric fails when more measurements than this fail (Argo's failureLimit; 0 = the first)
 * @param inconclusiveLimit a metric is inconclusive when more measurements than this are inconclusive
 * @param consecutiveErrorLimit a metric errs when more consecutive measurements than this could not be taken
 * @param incident the signals of the incident a failed analysis opens; measured metrics fill in their {@code signal}
 */
public record AnalysisSpec(
        @NotBlank @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String service,
        @Valid Signals.Release release,
        @NotNull Duration interval,
        @NotNull @Min(1) @Max(10_000) Integer count,
        @Min(0) Integer failureLimit,
        @Min(0) Integer inconclusiveLimit,
        @Min(0) Integer consecutiveErrorLimit,
        @NotNull @Size(min = 1, max = 20) List<@NotNull @Valid Metric> metrics,
        @Valid IncidentTemplate incident) {

    public int failureLimitOrDefault() {
        return failureLimit == null ? 0 : failureLimit;
    }

    public int inconclusiveLimitOrDefault() {
        return inconclusiveLimit == null ? 0 : inconclusiveLimit;
    }

    public int consecutiveErrorLimitOrDefault() {
        return consecutiveErrorLimit == null ? 4 : consecutiveErrorLimit;
    }

    /**
     * @param query a PromQL query on the configured Prometheus; or, instead, a {@code provider}
     * @param successCondition e.g. {@code result < 5}; @param failureCondition e.g. {@code result >= 10}
     * @param signal the incident signal this metric measures, copied into the incident a failure opens
     * @param provider where else the value comes from: {@code {"web": {...}}}
     */
    public record Metric(
            @NotBlank @Pattern(regexp = "[a-zA-Z0-9_.-]{1,63}", message = "letters, digits, '.', '_' and '-', at most 63") String name,
            @Size(max = 4000) String query,
            @Size(max = 100) String successCondition,
            @Size(max = 100) String failureCondition,
            @Valid Baseline baseline,
            MeasuredSignal signal,
            @Valid Provider provider) {

        /** The web provider, or null for a Prometheus query. */
        public WebProvider web() {
            return provider == null ? null : provider.web();
        }
    }

    /** Where a metric's value comes from when it is not a Prometheus query (Argo Rollouts' {@code provider}). */
    public record Provider(@NotNull @Valid WebProvider web) {
    }

    /**
     * Argo Rollouts' web provider, with the trust rule: the {@code source} (a metric source an admin configured: its
     * base URL, headers and secrets) says where and with what; the metric gives only a {@code path} under its base URL
     * (with a query string, {@code {{now}}} and {@code {{now-5m}}} allowed), query parameters, the {@code jsonPath} of
     * the number in the JSON answer, and {@code method} GET or POST with a JSON {@code body}.
     */
    public record WebProvider(
            @NotBlank @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String source,
            @Size(max = 2000) String path,
            @Size(max = 20) Map<@NotNull @Size(max = 100) String, @NotNull @Size(max = 2000) String> query,
            @Size(max = 500) String jsonPath,
            String method,
            Object body) {

        /** The request, as common's web metrics take it. */
        public WebQuery request() {
            return new WebQuery(path, query, jsonPath, method, body);
        }
    }

    /**
     * The same measurement before the release, compared relatively: a value more than {@code maxIncreasePercent} above
     * the baseline fails. The query's own range (e.g. {@code [5m]}) is the window before {@code at}. A web metric's
     * baseline is asked once, at the first round, at {@code path} (default: the metric's) with {@code jsonPath}
     * (default: the metric's): a path whose time window ends at the release.
     *
     * @param query defaults to the metric's query (Prometheus)
     * @param at the release time; defaults to when the analysis started (Prometheus)
     * @param path a web metric's baseline path under its source
     * @param jsonPath a web metric's baseline JSONPath
     */
    public record Baseline(@Size(max = 4000) String query, OffsetDateTime at,
            @NotNull @DecimalMin("0") Double maxIncreasePercent, @Size(max = 2000) String path,
            @Size(max = 500) String jsonPath) {
    }

    public enum MeasuredSignal {
        ERROR_RATE_PERCENT, LATENCY_DEGRADATION_PERCENT
    }

    /** The incident signals that metrics do not measure: how bad, for how many, what the release changed. */
    public record IncidentTemplate(io.rewind.common.Severity severity,
            @DecimalMin("0") @jakarta.validation.constraints.DecimalMax("100") Double usersAffectedPercent,
            @Min(0) Integer timeToFixMinutes, Signals.DataMigration dataMigration, @Min(0) Integer openIssues,
            Signals.Workaround workaround, Boolean featureFlagged, Boolean blueGreen,
            @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String database) {
    }
}
