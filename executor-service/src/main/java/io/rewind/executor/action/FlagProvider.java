package io.rewind.executor.action;

import io.rewind.executor.TargetKind;

/**
 * One feature-flag backend of {@code flag.disable}, chosen by the kind of the step's target: the target, not the step,
 * says which server, project, environment or ConfigMap the flag lives in and with what credentials. A flag is on or off;
 * both providers say so as a boolean (Unleash per environment, flagd by {@code state} ENABLED or DISABLED).
 */
interface FlagProvider {

    /** The kind of target it serves. */
    TargetKind kind();

    /** Whether the step's flag is on now; a {@link StepFailure} when it does not exist. */
    boolean enabled(StepContext context);

    /** Turns the step's flag on or off. */
    void turn(StepContext context, boolean on);

    /** The flag, as an operator would name it ("Unleash feature default/new-cart in production"). */
    String describe(StepContext context);
}
