package io.rewind.executor.target;

import java.util.List;

import io.rewind.executor.TargetKind;
import io.rewind.executor.action.StepFailure;

/**
 * A target as a step runs against it: its name, kind and parsed spec.
 *
 * @param problems why the stored spec is no longer valid (a rule added since it was stored); empty when it is
 */
public record ResolvedTarget(String name, TargetKind kind, TargetSpec spec, List<String> problems) {

    public ResolvedTarget(String name, TargetKind kind, TargetSpec spec) {
        this(name, kind, spec, List.of());
    }

    /** Why no step may act on it now, or null: a stored spec that today's rules refuse is not used at all. */
    public String refusal() {
        return problems.isEmpty() ? null : "target '" + name + "' is no longer valid (" + String.join("; ", problems)
                + "); an admin must define it again (PUT /api/targets/" + name + ")";
    }

    /** The spec as the kind the step needs; a {@link StepFailure} naming both kinds otherwise. */
    public <T extends TargetSpec> T as(Class<T> type) {
        if (!type.isInstance(spec)) {
            throw new StepFailure("target '" + name + "' is a " + kind + " target, not the kind this step acts on");
        }
        return type.cast(spec);
    }
}
