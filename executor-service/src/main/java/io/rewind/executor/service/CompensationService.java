package io.rewind.executor.service;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

import io.rewind.common.problem.ProblemException;
import io.rewind.executor.Execution;
import io.rewind.executor.ExecutionStep;
import io.rewind.executor.StepStatus;
import io.rewind.executor.action.Outcome;
import io.rewind.executor.action.StepActions;
import io.rewind.executor.action.StepContext;
import io.rewind.executor.action.StepFailure;
import io.rewind.executor.repository.ExecutionRepository;
import io.rewind.executor.repository.ExecutionStepRepository;
import io.rewind.executor.repository.StepQueue;

/**
 * Undoes one step of an ended execution when an operator asks (scale back, switch back, template back). Only once the
 * execution has ended, so it never races the worker; only for a step that acted and recorded its before-state; at most
 * once per step. Runs in the request, on a worker thread: each compensation is a few bounded calls.
 */
@ApplicationScoped
public class CompensationService {

    private static final Logger LOG = Logger.getLogger(CompensationService.class);
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);

    private final ExecutionRepository executions;
    private final ExecutionStepRepository steps;
    private final StepQueue queue;
    private final StepActions actions;
    private final StepTargets targets;

    public CompensationService(ExecutionRepository executions, ExecutionStepRepository steps, StepQueue queue,
            StepActions actions, StepTargets targets) {
        this.executions = executions;
        this.steps = steps;
        this.queue = queue;
        this.actions = actions;
        this.targets = targets;
    }

    private record Found(Execution execution, List<ExecutionStep> steps) {
    }

    /** Blocking: call from a worker thread. Returns normally when the compensation was recorded (done or failed). */
    public void compensate(UUID executionId, int position, String by) throws Throwable {
        Found found = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> executions.findById(executionId)
                .flatMap(execution -> execution == null ? Uni.createFrom().<Found> nullItem()
                        : steps.listOf(executionId).map(list -> new Found(execution, list)))));
        if (found == null) {
            throw ProblemException.notFound("Execution", executionId);
        }
        if (found.execution().status.isActive()) {
            throw ProblemException.conflict("Execution " + executionId + " is still " + found.execution().status
                    + "; cancel it or let it end before compensating a step.");
        }
        if (found.execution().targetHeld) {
            throw ProblemException.conflict("Execution " + executionId + " was cancelled while a step of it was running,"
                    + " and that step has not ended yet; compensate once it has.");
        }
        if (found.execution().dryRun) {
            throw ProblemException.conflict("Execution " + executionId + " was a dry run: it changed nothing to undo.");
        }
        ExecutionStep step = found.steps().stream().filter(s -> s.position == position).findFirst()
                .orElseThrow(() -> ProblemException.notFound("Step", executionId + "/" + position));
        if (step.beforeState == null || step.status == StepStatus.PENDING || step.status == StepStatus.SKIPPED) {
            throw ProblemException.conflict("Step '" + step.name + "' never acted: there is nothing to compensate.");
        }
        if (!actions.supports(step.kind) || !actions.get(step.kind).canCompensate()) {
            throw ProblemException.conflict(step.kind.id() + " steps cannot be compensated.");
        }
        Execution execution = found.execution();
        // The execution is known, so a request the compensation sends carries its own Idempotency-Key.
        StepContext context = new StepContext(step.kind.parse(step.params), null, step.beforeState, step.startedAt,
                Duration.ofMillis(step.timeoutMs), step.attempts, new StepContext.ExecutionInfo(execution.id, step.position,
                        execution.target, execution.releaseFrom, execution.releaseTo, execution.incidentId));
        if (!Boolean.TRUE.equals(queue.startCompensation(step.id, by).await().atMost(DATABASE_WAIT))) {
            throw ProblemException.conflict("Step '" + step.name + "' has already been compensated (or is being).");
        }
        String output = null;
        String error = null;
        try {
            StepContext bound = targets.withTarget(context, step.target, step.kind);
            StepTargets.requireSameBinding(bound, "compensating it");
            Optional<Outcome> outcome = actions.get(step.kind).compensate(bound);
            if (outcome.isEmpty()) {
                error = step.kind.id() + " steps cannot be compensated";
            } else if (outcome.get() instanceof Outcome.Done done) {
                output = done.output();
            } else if (outcome.get() instanceof Outcome.Failed failed) {
                error = failed.reason();
            }
        } catch (StepFailure e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            LOG.warnf(e, "compensating step %s of execution %s failed", step.name, executionId);
            error = "compensation failed: " + e.getMessage();
        }
        queue.endCompensation(step.id, output, error).await().atMost(DATABASE_WAIT);
    }
}
