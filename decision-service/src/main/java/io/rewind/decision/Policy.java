package io.rewind.decision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.rewind.common.ApprovalLevel;
import io.rewind.common.ServiceNames;
import io.rewind.common.Severity;
import io.rewind.common.problem.Problem;
import io.rewind.decision.engine.Assessment.StrategyKind;

/**
 * Every threshold, weight and approval rule the decision engine applies to one service. The defaults are the
 * runbooks' values; a team changes them with {@code PUT /api/policies/{service}}, which stores a new version.
 *
 * @param severityWeights impact score = users affected % × the weight of the incident's severity
 * @param rollbackScoreAbove a rollback is recommended when the impact score is strictly above this
 * @param errorRateRollbackAbovePercent an error rate strictly above this triggers an immediate rollback
 * @param errorRateEvaluateFromPercent an error rate from this up to the rollback threshold calls for evaluation
 * @param latencyDegradationEvaluateAbovePercent latency degradation strictly above this calls for evaluation
 * @param latencyDegradationTolerableBelowPercent latency degradation strictly below this is no reason to roll back
 * @param usersAffectedManyAbovePercent more users than this counts as "many" in the decision matrix
 * @param timeToFixLongAboveMinutes a fix that takes longer than this favours rolling back
 * @param timeToFixShortBelowMinutes a fix that takes less than this favours fixing forward
 * @param approvals who approves a rollback at each severity, and within how long
 * @param immediateRollbackWithoutApproval whether an immediate trigger (crash, corruption, breach, error rate above the
 *        threshold, P0 for all users) is approved as a critical incident (the P0 rule of {@code approvals}: by default
 *        none, post-mortem after), as seed 004's "Immediate Rollback (No Approval Needed)" reads; on by default. Off,
 *        the incident's own severity's approver signs off (DESIGN.md's worked example)
 * @param autoRollback whether a rollback that needs no approval starts without a human
 * @param maxBackupAgeHours the newest verified backup must be younger than this before a data-losing step
 * @param plans the executor-service plan (by name) that carries out each rollback strategy of seed 002 for this
 *        service. A ROLLBACK decision runs the plan of its strategy; a strategy with no plan here is escalated to a
 *        human, never carried out by another plan
 */
public record Policy(
        @NotNull @Size(min = 4, message = "must weigh every severity P0, P1, P2, P3") Map<Severity, @NotNull @Min(0) @Max(1000) Integer> severityWeights,
        @NotNull @DecimalMin("0") Double rollbackScoreAbove,
        @NotNull @DecimalMin("0") @DecimalMax("100") Double errorRateRollbackAbovePercent,
        @NotNull @DecimalMin("0") @DecimalMax("100") Double errorRateEvaluateFromPercent,
        @NotNull @DecimalMin("0") Double latencyDegradationEvaluateAbovePercent,
        @NotNull @DecimalMin("0") Double latencyDegradationTolerableBelowPercent,
        @NotNull @DecimalMin("0") @DecimalMax("100") Double usersAffectedManyAbovePercent,
        @NotNull @Min(1) Integer timeToFixLongAboveMinutes,
        @NotNull @Min(0) Integer timeToFixShortBelowMinutes,
        @NotNull @Size(min = 4, message = "must have a rule for every severity P0, P1, P2, P3") Map<Severity, @NotNull @Valid ApprovalRule> approvals,
        @NotNull Boolean immediateRollbackWithoutApproval,
        @NotNull Boolean autoRollback,
        @NotNull @Min(1) @Max(24 * 365) Integer maxBackupAgeHours,
        @NotNull Map<StrategyKind, @NotNull @Pattern(regexp = ServiceNames.PATTERN, message = ServiceNames.MESSAGE) String> plans) {

    /**
     * @param level who approves
     * @param within the response time of the severity: how long the approver has before the decision is overdue
     */
    public record ApprovalRule(@NotNull ApprovalLevel level, @NotNull Duration within) {

        @AssertTrue(message = "must not be negative")
        boolean isWithinValid() {
            return within == null || !within.isNegative();
        }
    }

    /** The runbooks' policy (seeds 002 and 004). */
    public static Policy defaults() {
        Map<Severity, Integer> weights = new EnumMap<>(Severity.class);
        weights.put(Severity.P0, 10);
        weights.put(Severity.P1, 5);
        weights.put(Severity.P2, 2);
        weights.put(Severity.P3, 1);
        Map<Severity, ApprovalRule> approvals = new EnumMap<>(Severity.class);
        approvals.put(Severity.P0, new ApprovalRule(ApprovalLevel.NONE, Duration.ZERO));
        approvals.put(Severity.P1, new ApprovalRule(ApprovalLevel.ON_CALL_LEAD, Duration.ofMinutes(15)));
        approvals.put(Severity.P2, new ApprovalRule(ApprovalLevel.TEAM_LEAD, Duration.ofHours(1)));
        approvals.put(Severity.P3, new ApprovalRule(ApprovalLevel.NONE, Duration.ofHours(24)));
        return new Policy(Collections.unmodifiableMap(weights), 50.0, 10.0, 1.0, 50.0, 20.0, 10.0, 60, 15,
                Collections.unmodifiableMap(approvals), true, true, 4, Map.of());
    }

    /** The plan that carries out {@code strategy}, if the policy names one. */
    public java.util.Optional<String> plan(StrategyKind strategy) {
        return java.util.Optional.ofNullable(plans == null ? null : plans.get(strategy));
    }

    /**
     * Rules that relate two thresholds, which bean validation cannot name a field for. Empty when consistent.
     */
    public List<Problem.FieldError> inconsistencies() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (errorRateEvaluateFromPercent > errorRateRollbackAbovePercent) {
            errors.add(new Problem.FieldError("rules.errorRateEvaluateFromPercent",
                    "must not be above errorRateRollbackAbovePercent (" + errorRateRollbackAbovePercent + ")"));
        }
        if (latencyDegradationTolerableBelowPercent > latencyDegradationEvaluateAbovePercent) {
            errors.add(new Problem.FieldError("rules.latencyDegradationTolerableBelowPercent",
                    "must not be above latencyDegradationEvaluateAbovePercent (" + latencyDegradationEvaluateAbovePercent + ")"));
        }
        if (timeToFixShortBelowMinutes >= timeToFixLongAboveMinutes) {
            errors.add(new Problem.FieldError("rules.timeToFixShortBelowMinutes",
                    "must be below timeToFixLongAboveMinutes (" + timeToFixLongAboveMinutes + ")"));
        }
        return errors;
    }
}
