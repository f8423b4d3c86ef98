package io.rewind.executor.action;

/**
 * One feature-flag backend of {@code flag.disable}, chosen by the step's {@code provider}. A flag is on or off; both
 * providers say so as a boolean (Unleash per environment, flagd by {@code state} ENABLED or DISABLED).
 */
interface FlagProvider {

    /** The {@code provider} parameter that selects it. */
    String id();

    /** Whether the step's flag is on now; a {@link StepFailure} when it does not exist. */
    boolean enabled(StepContext context);

    /** Turns the step's flag on or off. */
    void turn(StepContext context, boolean on);

    /** The flag, as an operator would name it ("Unleash feature default/new-cart in production"). */
    String describe(StepContext context);
}
