package io.rewind.executor.action;

import java.util.Map;
import java.util.Optional;

import io.rewind.executor.StepKind;

/**
 * How one {@link StepKind} runs: one implementation per kind, chosen by {@link #kind()} (as argo-rollouts chooses a
 * metric provider). Methods are called on a worker thread and may block; each call is bounded (one HTTP request, a few
 * Kubernetes calls), and a step that must wait longer returns {@link Outcome.Waiting} and is called again later.
 *
 * <p>The order for one step is: {@link #snapshot} once (its result is stored as the step's before-state before anything
 * acts), then {@link #apply} until it is done, then {@link #verify}. A worker that dies after the snapshot leaves the
 * step to be taken over by another, which calls {@link #apply} again with the stored before-state: {@code apply} must
 * therefore look at its own effect first and not act twice.
 */
public interface StepAction {

    StepKind kind();

    /**
     * Reads what the step is about to change and decides anything that must not change if the step is resumed (the
     * revision an undo goes back to). Changes nothing. Throws {@link StepFailure} when the step cannot run at all.
     */
    Map<String, Object> snapshot(StepContext context);

    /** What the step would change, changing nothing: a dry run. Throws {@link StepFailure} when it could not run. */
    Preview dryRun(StepContext context);

    /** Acts, unless its effect is already there. {@code context.before()} is the stored snapshot. */
    Outcome apply(StepContext context);

    /** Checks that the step's effect holds, after {@link #apply} reported it done. */
    Check verify(StepContext context, Outcome.Done done);

    /**
     * A before- or after-state as it may be shown to anyone who can read the execution (viewers, the event stream):
     * values that may be secrets (literal environment values, Secret data, tokens) masked. The stored state keeps what
     * compensation needs. By default the state as it is.
     */
    default Map<String, Object> shown(Map<String, Object> state) {
        return state;
    }

    /**
     * Whether the step, as its stored before-state shows, has set something going elsewhere that runs on without it
     * (a restore backup-service performs). Cancelling the execution then does not abandon the step: it is followed to
     * its end, its outcome recorded, and the execution's target stays held until then. False by default: any other
     * step that is not acting at the moment of the cancel is simply cancelled.
     */
    default boolean inFlight(Map<String, Object> before) {
        return false;
    }

    /** Whether {@link #compensate} can undo this kind's steps. */
    default boolean canCompensate() {
        return false;
    }

    /**
     * Undoes the step, back to its before-state, when the kind can. Empty when it cannot (a wait, a check) or the
     * before-state does not say what to go back to.
     */
    default Optional<Outcome> compensate(StepContext context) {
        return Optional.empty();
    }

    /** What a dry run found: the state now, the state the step would leave, and a sentence saying so. */
    record Preview(Map<String, Object> before, Map<String, Object> wouldBe, String description) {
    }

    /** The result of {@link #verify}. */
    record Check(boolean holds, String detail) {

        public static Check ok(String detail) {
            return new Check(true, detail);
        }

        public static Check failed(String detail) {
            return new Check(false, detail);
        }
    }
}
