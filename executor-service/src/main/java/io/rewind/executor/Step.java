package io.rewind.executor;

import java.time.Duration;
import java.util.Map;

/**
 * One step of a rollback plan. Its {@code params} depend on its {@link StepKind} and say only what to do; where and with
 * what is its {@code target}, which an admin configured.
 *
 * @param name unique within its plan (ignoring case), so an execution's log can name the step
 * @param target the name of the {@link Target} the step acts on; null for kinds that act on nothing outside Rewind
 *     ({@code status.update}, {@code wait}, {@code approval})
 * @param timeout how long the step may run before it fails; stored plans always carry one (see {@link #withDefaults()})
 * @param continueOnFailure whether the plan goes on when this step fails; by default a failed step stops the plan
 */
public record Step(String name, StepKind kind, String target, Map<String, Object> params, Duration timeout,
        Boolean continueOnFailure) {

    public Step {
        params = params == null ? Map.of() : params;
        continueOnFailure = Boolean.TRUE.equals(continueOnFailure);
    }

    /**
     * This step with the timeout of its kind filled in when it has none. Stored plans keep the resolved timeout, so a
     * later change of a default does not change what a stored version does. Only for a valid step.
     */
    public Step withDefaults() {
        return timeout != null ? this : new Step(name, kind, target, params, kind.defaultTimeout(params), continueOnFailure);
    }
}
