package io.rewind.executor.action;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.rewind.executor.params.StepParams;
import io.rewind.executor.target.KubernetesTarget;
import io.rewind.executor.target.ResolvedTarget;
import io.rewind.executor.target.TargetSpec;

/**
 * What a {@link StepAction} knows about the step it runs.
 *
 * @param params the step's parameters, typed for its kind
 * @param target the target the step acts on, as an admin configured it; null for kinds that take none
 * @param before the stored snapshot, null until {@link StepAction#snapshot} has run
 * @param startedAt when the step was first claimed; a resumed step keeps it
 * @param timeout how long the step may run in all
 * @param attempt 1 for the first call of {@code apply}, counting waits, retries and resumptions
 * @param execution the execution the step belongs to, or null where none is known (compensation, unit tests)
 */
public record StepContext(StepParams params, ResolvedTarget target, Map<String, Object> before, OffsetDateTime startedAt,
        Duration timeout, int attempt, ExecutionInfo execution) {

    /** The execution a step belongs to, for kinds that speak about it (a status update names the release). */
    public record ExecutionInfo(UUID id, int position, String target, String releaseFrom, String releaseTo,
            String incidentId) {
    }

    public StepContext withBefore(Map<String, Object> snapshot) {
        return new StepContext(params, target, snapshot, startedAt, timeout, attempt, execution);
    }

    /** When the step's timeout runs out. */
    public OffsetDateTime deadline() {
        return startedAt.plus(timeout);
    }

    /** The step's parameters as its kind's record. */
    public <P extends StepParams> P params(Class<P> type) {
        return type.cast(params);
    }

    /** The target's spec as the kind this step acts on; a {@link StepFailure} when the target is missing or another kind. */
    public <T extends TargetSpec> T target(Class<T> type) {
        if (target == null) {
            throw new StepFailure("this step names no target");
        }
        return target.as(type);
    }

    /**
     * The namespace a Kubernetes step acts in: the one it asks for when its target allows it, else the target's only
     * one; a {@link StepFailure} when the target (which an admin may have changed since the plan was stored) does not
     * allow it.
     */
    public String namespace(String requested) {
        KubernetesTarget.Resolution resolution = target(KubernetesTarget.class).namespace(requested);
        if (resolution.problem() != null) {
            throw new StepFailure("namespace " + resolution.problem() + " (target '" + target.name() + "')");
        }
        return resolution.namespace();
    }

    /**
     * The {@code Idempotency-Key} of a request this step sends that changes something: derived from the execution's id,
     * the step's position and {@code purpose} (one step may send several kinds of request: open an incident or update
     * it, turn a flag off or, compensating, on), so it is the same on every attempt of the step, after a retry, a crash
     * and a resumption, and different for every other step. A receiver that honours it answers a repeat with what the
     * first request did instead of doing it twice. Null where no execution is known (nothing to derive it from).
     */
    public String idempotencyKey(String purpose) {
        return execution == null ? null : idempotencyKey(execution.id(), execution.position(), purpose);
    }

    /** {@code rewind-executor:<execution id>:<position>:<purpose>}, well under the 200 characters receivers accept. */
    public static String idempotencyKey(UUID executionId, int position, String purpose) {
        return "rewind-executor:" + executionId + ":" + position + ":" + purpose;
    }

    /** A value of the before-state, or null. */
    public Object recorded(String name) {
        return before == null ? null : before.get(name);
    }
}
