package io.rewind.executor.action;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.StepKind;
import io.rewind.executor.params.WaitParams;

/**
 * {@code wait}: pauses the plan without holding a thread. The end of the pause is recorded in the before-state, so a
 * restarted service waits only for what is left.
 */
@ApplicationScoped
public class WaitAction implements StepAction {

    @Override
    public StepKind kind() {
        return StepKind.WAIT;
    }

    private static Duration duration(StepContext context) {
        return context.params(WaitParams.class).duration();
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        return Map.of("until", context.startedAt().plus(duration(context)).toString());
    }

    @Override
    public Preview dryRun(StepContext context) {
        return new Preview(Map.of(), Map.of(), "would wait " + duration(context));
    }

    @Override
    public Outcome apply(StepContext context) {
        OffsetDateTime until = OffsetDateTime.parse((String) context.recorded("until"));
        Duration left = Duration.between(OffsetDateTime.now(ZoneOffset.UTC), until);
        if (left.isNegative() || left.isZero()) {
            return new Outcome.Done(Map.of(), "waited " + duration(context));
        }
        return new Outcome.Waiting("waiting until " + until, left);
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        return Check.ok("nothing to verify");
    }
}
