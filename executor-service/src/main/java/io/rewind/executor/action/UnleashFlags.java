package io.rewind.executor.action;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.client.UnleashClient;

/** Unleash: a feature's environment, turned on and off through the admin API. */
@ApplicationScoped
class UnleashFlags implements FlagProvider {

    private final UnleashClient unleash;

    UnleashFlags(UnleashClient unleash) {
        this.unleash = unleash;
    }

    @Override
    public String id() {
        return "unleash";
    }

    @Override
    public boolean enabled(StepContext context) {
        return unleash.enabled(context.string("url"), context.string("project"), context.string("feature"),
                context.string("environment"));
    }

    @Override
    public void turn(StepContext context, boolean on) {
        unleash.turn(context.string("url"), context.string("project"), context.string("feature"),
                context.string("environment"), on);
    }

    @Override
    public String describe(StepContext context) {
        return "Unleash feature " + context.string("project") + "/" + context.string("feature") + " in "
                + context.string("environment");
    }
}
