package io.rewind.executor.action;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.TargetKind;
import io.rewind.executor.client.UnleashClient;
import io.rewind.executor.params.FlagDisableParams;
import io.rewind.executor.target.UnleashTarget;

/**
 * Unleash: a feature's environment, turned on and off through the admin API of the step's {@code unleash} target, which
 * names the server, project, environment and token.
 */
@ApplicationScoped
class UnleashFlags implements FlagProvider {

    private final UnleashClient unleash;

    UnleashFlags(UnleashClient unleash) {
        this.unleash = unleash;
    }

    @Override
    public TargetKind kind() {
        return TargetKind.UNLEASH;
    }

    private static String feature(StepContext context) {
        return context.params(FlagDisableParams.class).feature();
    }

    @Override
    public boolean enabled(StepContext context) {
        return unleash.enabled(context.target(UnleashTarget.class), feature(context));
    }

    @Override
    public void turn(StepContext context, boolean on) {
        // One key for turning off (the step) and another for turning back on (its compensation).
        unleash.turn(context.target(UnleashTarget.class), feature(context), on,
                context.idempotencyKey(on ? "flag-on" : "flag-off"));
    }

    @Override
    public String describe(StepContext context) {
        UnleashTarget target = context.target(UnleashTarget.class);
        return "Unleash feature " + target.project() + "/" + feature(context) + " in " + target.environment();
    }
}
