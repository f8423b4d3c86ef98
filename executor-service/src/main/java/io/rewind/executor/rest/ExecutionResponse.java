package io.rewind.executor.rest;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import io.rewind.executor.Execution;
import io.rewind.executor.ExecutionStatus;
import io.rewind.executor.ExecutionStep;
import io.rewind.executor.StepKind;
import io.rewind.executor.StepStatus;

/**
 * An execution with every step: status, times, its parameters and the state it saw before and left after (as its kind
 * shows them, with possible secrets such as literal environment values masked), output and error.
 *
 * @param breakGlass the steps were given inline by an admin, not taken from a stored plan
 * @param targetHeld cancelled while a step was still running (acting, or a restore being followed): the target stays
 *        held, and no other execution of it starts, until that step has ended
 */
public record ExecutionResponse(UUID id, String target, UUID planId, String incidentId, ExecutionRequest.Release release,
        boolean dryRun, boolean breakGlass, ExecutionStatus status, boolean targetHeld, String reason,
        OffsetDateTime createdAt, String createdBy,
        OffsetDateTime startedAt, OffsetDateTime endedAt, String cancelledBy, AwaitingApproval awaitingApproval,
        List<StepResponse> steps) {

    public record StepResponse(int position, String name, StepKind kind, String target, Map<String, Object> params,
            Duration timeout,
            boolean continueOnFailure, StepStatus status, int attempts, OffsetDateTime startedAt, OffsetDateTime endedAt,
            Map<String, Object> before, Map<String, Object> after, String output, String error, Compensation compensation,
            StepDecision decision) {

        static StepResponse from(ExecutionStep step, Shown shown) {
            return new StepResponse(step.position, step.name, step.kind, step.target, shown.apply(step.kind, step.params),
                    Duration.ofMillis(step.timeoutMs), step.continueOnFailure, step.status, step.attempts, step.startedAt,
                    step.endedAt, shown.apply(step.kind, step.beforeState), shown.apply(step.kind, step.afterState), step.output, step.error, step.compensationStartedAt == null ? null
                            : new Compensation(step.compensatedBy, step.compensationStartedAt, step.compensationEndedAt,
                                    step.compensationOutput, step.compensationError),
                    step.decision == null ? null
                            : new StepDecision(step.decision, step.decidedBy, step.decidedAt, step.decisionComment));
        }
    }

    /** The decision on an approval step: {@code APPROVED} or {@code REJECTED}, by whom, when and why. */
    public record StepDecision(String decision, String by, OffsetDateTime at, String comment) {
    }

    /**
     * The approval step an active execution is stopped at, waiting for someone to approve or reject it.
     *
     * @param approve the path to POST to continue; reject is the same path ending in {@code /reject}
     */
    public record AwaitingApproval(int position, String name, String message, OffsetDateTime since, String approve) {

        static AwaitingApproval of(Execution execution, List<ExecutionStep> steps) {
            if (!execution.status.isActive() || execution.dryRun) {
                return null;
            }
            return steps.stream()
                    .filter(s -> s.kind == StepKind.APPROVAL && s.status == StepStatus.RUNNING && s.decision == null
                            && s.beforeState != null)
                    .findFirst()
                    .map(s -> new AwaitingApproval(s.position, s.name, s.params.get("message") instanceof String m ? m : null,
                            s.startedAt, "/api/executions/" + execution.id + "/steps/" + s.position + "/approve"))
                    .orElse(null);
        }
    }

    /** A step's compensation, when an operator asked for one. */
    public record Compensation(String by, OffsetDateTime startedAt, OffsetDateTime endedAt, String output, String error) {
    }

    static ExecutionRequest.Release release(Execution execution) {
        return execution.releaseFrom == null && execution.releaseTo == null ? null
                : new ExecutionRequest.Release(execution.releaseFrom, execution.releaseTo);
    }

    /** A kind's before- or after-state as it may be shown ({@code StepAction.shown}). */
    interface Shown extends BiFunction<StepKind, Map<String, Object>, Map<String, Object>> {
    }

    static ExecutionResponse from(Execution execution, List<ExecutionStep> steps, Shown shown) {
        return new ExecutionResponse(execution.id, execution.target, execution.planId, execution.incidentId,
                release(execution), execution.dryRun, execution.breakGlass, execution.status, execution.targetHeld, execution.reason,
                execution.createdAt,
                execution.createdBy, execution.startedAt, execution.endedAt, execution.cancelledBy,
                AwaitingApproval.of(execution, steps), steps.stream().map(step -> StepResponse.from(step, shown)).toList());
    }
}
