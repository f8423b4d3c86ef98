package io.rewind.executor.action;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import io.rewind.executor.StepKind;
import io.rewind.executor.TargetKind;

/**
 * {@code flag.disable}: turns a feature flag off, on Unleash or flagd ({@link FlagProvider}) as the kind of the step's
 * target says ({@link io.rewind.executor.params.FlagDisableParams}). Whether it was on is the before-state; a flag
 * already off is left alone; compensation turns it back on only if it was on before.
 */
@ApplicationScoped
public class FlagDisableAction implements StepAction {

    private final Instance<FlagProvider> providers;

    public FlagDisableAction(Instance<FlagProvider> providers) {
        this.providers = providers;
    }

    @Override
    public StepKind kind() {
        return StepKind.FLAG_DISABLE;
    }

    @Override
    public boolean canCompensate() {
        return true;
    }

    private FlagProvider provider(StepContext context) {
        if (context.target() == null) {
            throw new StepFailure("this step names no target; flag.disable acts on an unleash or flagd target");
        }
        TargetKind kind = context.target().kind();
        for (FlagProvider provider : providers) {
            if (provider.kind() == kind) {
                return provider;
            }
        }
        throw new StepFailure("target '" + context.target().name() + "' is a " + kind
                + " target; flag.disable turns flags off on unleash or flagd targets");
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return Map.of("enabled", provider(context).enabled(context));
    }

    @Override
    public Preview dryRun(StepContext context) {
        FlagProvider provider = provider(context);
        boolean on = provider.enabled(context);
        return new Preview(Map.of("enabled", on), Map.of("enabled", false), on
                ? "would turn " + provider.describe(context) + " off"
                : provider.describe(context) + " is already off: nothing to change");
    }

    @Override
    public Outcome apply(StepContext context) {
        return turn(context, false);
    }

    private Outcome turn(StepContext context, boolean on) {
        FlagProvider provider = provider(context);
        String state = on ? "on" : "off";
        if (provider.enabled(context) == on) {
            return new Outcome.Done(Map.of("enabled", on), provider.describe(context) + " is " + state);
        }
        provider.turn(context, on);
        return new Outcome.Done(Map.of("enabled", on), "turned " + provider.describe(context) + " " + state);
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        FlagProvider provider = provider(context);
        boolean wanted = Boolean.TRUE.equals(done.after().get("enabled"));
        boolean on = provider.enabled(context);
        return on == wanted ? Check.ok(provider.describe(context) + " is " + (on ? "on" : "off"))
                : Check.failed(provider.describe(context) + " is " + (on ? "on" : "off") + " again: something else changed it");
    }

    /** Turns the flag back on if it was on before the step; a flag that was off stays off. */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        if (!(context.recorded("enabled") instanceof Boolean wasOn)) {
            return Optional.empty();
        }
        if (!wasOn) {
            return Optional.of(new Outcome.Done(Map.of("enabled", false),
                    provider(context).describe(context) + " was off before the step: left off"));
        }
        return Optional.of(turn(context, true));
    }
}
