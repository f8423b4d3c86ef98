package io.rewind.executor.target;

import io.rewind.executor.TargetKind;
import io.rewind.executor.action.StepFailure;

/** A target as a step runs against it: its name, kind and parsed spec. */
public record ResolvedTarget(String name, TargetKind kind, TargetSpec spec) {

    /** The spec as the kind the step needs; a {@link StepFailure} naming both kinds otherwise. */
    public <T extends TargetSpec> T as(Class<T> type) {
        if (!type.isInstance(spec)) {
            throw new StepFailure("target '" + name + "' is a " + kind + " target, not the kind this step acts on");
        }
        return type.cast(spec);
    }
}
