package io.rewind.executor.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.ProblemException;
import io.rewind.executor.ExecutionStep;
import io.rewind.executor.StepKind;
import io.rewind.executor.StepStatus;
import io.rewind.executor.config.ExecutorConfig;
import io.rewind.executor.repository.ExecutionRepository;
import io.rewind.executor.repository.ExecutionStepRepository;

/**
 * Approving or rejecting an {@code approval} step that is waiting. The decision is written on the step and the step is
 * made due at once; the worker then continues the execution (approved) or fails it (rejected). Locks the execution row,
 * as cancelling does, so a decision and a cancel cannot both land.
 */
@ApplicationScoped
public class ApprovalService {

    private final ExecutionRepository executions;
    private final ExecutionStepRepository steps;
    private final ExecutionService service;
    private final ExecutorConfig config;

    public ApprovalService(ExecutionRepository executions, ExecutionStepRepository steps, ExecutionService service,
            ExecutorConfig config) {
        this.executions = executions;
        this.steps = steps;
        this.service = service;
        this.config = config;
    }

    /**
     * Records {@code by}'s decision on step {@code position}. 404 for an unknown execution or position; 409 when the
     * execution has ended, the step is not an approval step, is not waiting (not reached yet, or over), or has already
     * been decided; 403 when {@code by} started the execution and tries to approve (four eyes, unless turned off).
     */
    @WithTransaction
    public Uni<ExecutionService.Detail> decide(UUID executionId, int position, boolean approve, String by, String comment) {
        return executions.findById(executionId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Execution", executionId))
                .flatMap(execution -> steps.find("executionId = ?1 and position = ?2", executionId, position).firstResult()
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Step", executionId + "/" + position))
                        .flatMap(step -> {
                            ProblemException refused = refusal(execution.status.isActive(), execution.status.name(), step);
                            if (refused == null && approve && config.approval().fourEyes()
                                    && by.equals(execution.createdBy)) {
                                refused = ProblemException.forbidden("Four eyes: " + by + " started this execution,"
                                        + " so someone else must approve step '" + step.name + "'. Anyone who may"
                                        + " decide can still reject it.");
                            }
                            if (refused != null) {
                                return Uni.createFrom().failure(refused);
                            }
                            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                            step.decision = approve ? "APPROVED" : "REJECTED";
                            step.decidedBy = by;
                            step.decidedAt = now;
                            step.decisionComment = comment == null || comment.isBlank() ? null : comment.strip();
                            // Due at once: the worker need not wait for its next look to act on the decision.
                            step.nextAttemptAt = now;
                            return steps.flush();
                        }))
                .flatMap(flushed -> service.get(executionId));
    }

    private static ProblemException refusal(boolean active, String executionStatus, ExecutionStep step) {
        if (step.kind != StepKind.APPROVAL) {
            return ProblemException.conflict("Step " + step.position + " ('" + step.name + "') is a " + step.kind.id()
                    + " step, not an approval step.");
        }
        if (!active) {
            return ProblemException.conflict("The execution has already ended (" + executionStatus + ").");
        }
        if (step.decision != null) {
            return ProblemException.conflict("Step '" + step.name + "' was already " + step.decision.toLowerCase()
                    + " by " + step.decidedBy + " at " + step.decidedAt + ".");
        }
        if (step.status != StepStatus.RUNNING || step.beforeState == null) {
            return ProblemException.conflict("Step '" + step.name + "' is not waiting for approval (it is "
                    + step.status + ").");
        }
        return null;
    }
}
