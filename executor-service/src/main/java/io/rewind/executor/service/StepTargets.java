package io.rewind.executor.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.StepKind;
import io.rewind.executor.action.StepContext;
import io.rewind.executor.action.StepFailure;
import io.rewind.executor.target.ResolvedTarget;

/**
 * The target a running step acts on, read when it runs: an admin who narrows or removes a target mid-incident stops
 * steps from acting outside it, and a step never carries where or with what it acts itself.
 */
@ApplicationScoped
public class StepTargets {

    private final TargetService targets;

    public StepTargets(TargetService targets) {
        this.targets = targets;
    }

    /** {@code context} with the step's target resolved; a {@link StepFailure} when it is gone or of another kind now. */
    public StepContext withTarget(StepContext context, String name, StepKind kind) {
        if (kind.targets().isEmpty()) {
            return context;
        }
        if (name == null) {
            throw new StepFailure("this step names no target; " + kind + " steps act on a target an admin configured");
        }
        ResolvedTarget target = targets.resolveNow(name);
        if (target == null) {
            throw new StepFailure("target '" + name + "' no longer exists; an admin removed it after the step was written");
        }
        if (!kind.targets().contains(target.kind())) {
            throw new StepFailure("target '" + name + "' is a " + target.kind() + " target now; " + kind
                    + " steps cannot act on it");
        }
        return new StepContext(context.params(), target, context.before(), context.startedAt(), context.timeout(),
                context.attempt(), context.execution());
    }
}
