package io.rewind.decision.analysis;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.common.ServiceNames;
import io.rewind.decision.engine.Signals;

/**
 * An analysis of a release's live metrics, modelled on Argo Rollouts' AnalysisTemplate: every {@code interval}, each
 * metric's Prometheus query is measured, {@code count} times in all, and judged by its conditions and baseline.
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
     * @param successCondition e.g. {@code result < 5}; @param failureCondition e.g. {@code result >= 10}
     * @param signal the incident signal this metric measures, copied into the incident a failure opens
     */
    public record Metric(
            @NotBlank @Pattern(regexp = "[a-zA-Z0-9_.-]{1,63}", message = "letters, digits, '.', '_' and '-', at most 63") String name,
            @NotBlank @Size(max = 4000) String query,
            @Size(max = 100) String successCondition,
            @Size(max = 100) String failureCondition,
            @Valid Baseline baseline,
            MeasuredSignal signal) {
    }

    /**
     * The same measurement before the release, compared relatively: a value more than {@code maxIncreasePercent} above
     * the baseline fails. The query's own range (e.g. {@code [5m]}) is the window before {@code at}.
     *
     * @param query defaults to the metric's query
     * @param at the release time; defaults to when the analysis started
     */
    public record Baseline(@Size(max = 4000) String query, OffsetDateTime at,
            @NotNull @DecimalMin("0") Double maxIncreasePercent) {
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
