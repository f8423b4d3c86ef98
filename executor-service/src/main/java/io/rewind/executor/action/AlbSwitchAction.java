package io.rewind.executor.action;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.rewind.executor.StepKind;
import io.rewind.executor.params.AlbSwitchParams;
import io.rewind.executor.target.AlbTarget;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;

/**
 * {@code alb.switchTargetGroup}: blue/green behind an AWS load balancer, the runbook's {@code aws elbv2 modify-listener
 * --listener-arn <arn> --default-actions Type=forward,TargetGroupArn=<blue>}. The snapshot reads the listener's default
 * action ({@code DescribeListeners}) and records what it forwards to (target groups, weights, stickiness) and the
 * target group ARN the step goes to, before anything changes; {@code ModifyListener} then sets a forward to that one
 * group (keeping the listener's stickiness setting), and the listener as AWS answers is the after-state.
 *
 * <p>Only a listener whose one default action is a forward is switched: one that authenticates first, redirects or
 * answers itself is refused, since replacing its default actions would drop those. A resumed step reads the listener
 * first: already forwarding to the group alone, it changes nothing (an earlier attempt, or someone, already switched
 * it); still as recorded, it switches; anything else means something else changed it since the step began, and the
 * step stops without touching it. Compensation restores the recorded forward (every group, weight and stickiness)
 * the same way, only while the listener still forwards where the step left it.
 *
 * <p>The listener and target group are named by the step and looked up in its {@code aws-alb} target, which holds
 * their ARNs, the region, endpoint and credentials. A resumed step acts on the ARNs it recorded only while the target
 * still names them: an admin who has since removed one has taken that permission away.
 */
@ApplicationScoped
public class AlbSwitchAction implements StepAction {

    @Override
    public StepKind kind() {
        return StepKind.ALB_SWITCH_TARGET_GROUP;
    }

    @Override
    public boolean canCompensate() {
        return true;
    }

    /** The listener a step acts on, in its target, with a client for its API. */
    private static final class Listener implements AutoCloseable {

        final AlbTarget target;
        final String name;
        final String arn;
        final AlbListeners api;

        Listener(StepContext context, String recordedArn) {
            target = context.target(AlbTarget.class);
            AlbSwitchParams params = context.params(AlbSwitchParams.class);
            AlbSwitchParams.Problem problem = params.problemFor(target);
            if (problem != null) {
                throw new StepFailure("error: params." + problem.field() + " " + problem.message() + " (target '"
                        + context.target().name() + "'); nothing was changed");
            }
            name = params.listenerIn(target);
            arn = target.listeners().get(name);
            if (recordedArn != null && !recordedArn.equals(arn)) {
                throw new StepFailure("error: the step began on listener " + recordedArn + ", but target '"
                        + context.target().name() + "' now names " + arn + " '" + name + "'; nothing was changed");
            }
            api = new AlbListeners(target, context.target().name());
        }

        String phrase() {
            return "listener '" + name + "' (" + arn + ")";
        }

        /** The listener's forward now; a refusal when its default actions are anything else. */
        AlbForward forward() {
            return forwardOf(api.defaultActions(name, arn));
        }

        AlbForward forwardOf(List<Action> actions) {
            AlbForward forward = AlbForward.of(actions);
            if (forward == null) {
                throw new StepFailure("error: " + phrase() + " has default actions " + actions.stream()
                        .map(Action::typeAsString).toList() + ": alb.switchTargetGroup only switches a listener whose"
                        + " one default action is a forward; nothing was changed");
            }
            return forward;
        }

        Map<String, Object> state(AlbForward forward) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("region", target.region());
            state.put("listener", name);
            state.put("listenerArn", arn);
            forward.putInto(state, target);
            return state;
        }

        @Override
        public void close() {
            api.close();
        }
    }

    /** The ARN of the step's target group, which its target must still name. */
    private static String toArn(StepContext context, AlbTarget target) {
        String name = context.params(AlbSwitchParams.class).targetGroup();
        String arn = target.targetGroups().get(name);
        Object recorded = context.recorded("toTargetGroupArn");
        if (recorded != null && !recorded.equals(arn)) {
            throw new StepFailure("error: the step began switching to target group " + recorded + ", but target '"
                    + context.target().name() + "' now names " + arn + " '" + name + "'; nothing was changed");
        }
        return arn;
    }

    @Override
    public Map<String, Object> snapshot(StepContext context) {
        try (Listener listener = new Listener(context, null)) {
            Map<String, Object> before = listener.state(listener.forward());
            before.put("toTargetGroup", context.params(AlbSwitchParams.class).targetGroup());
            before.put("toTargetGroupArn", toArn(context, listener.target));
            return before;
        }
    }

    @Override
    public Preview dryRun(StepContext context) {
        try (Listener listener = new Listener(context, null)) {
            AlbForward now = listener.forward();
            String group = context.params(AlbSwitchParams.class).targetGroup();
            AlbForward wanted = switched(now, toArn(context, listener.target));
            Map<String, Object> before = listener.state(now);
            if (now.onlyTo(toArn(context, listener.target))) {
                return new Preview(before, before, listener.phrase() + " already forwards to " + group
                        + ": nothing to change");
            }
            Map<String, Object> wouldBe = listener.state(wanted);
            wouldBe.put("modifyListener", Map.of("listenerArn", listener.arn, "defaultActions", List.of(
                    wanted.action().toString())));
            return new Preview(before, wouldBe, "would point the default action of " + listener.phrase() + " at "
                    + wanted.describe(listener.target) + " (it forwards to " + now.describe(listener.target)
                    + " now), with ModifyListener");
        }
    }

    /** A forward to {@code arn} alone, keeping {@code now}'s stickiness. */
    private static AlbForward switched(AlbForward now, String arn) {
        return new AlbForward(List.of(new AlbForward.Group(arn, 1)), now.stickySeconds());
    }

    @Override
    public Outcome apply(StepContext context) {
        try (Listener listener = new Listener(context, (String) context.recorded("listenerArn"))) {
            String to = toArn(context, listener.target);
            AlbForward recorded = AlbForward.recorded(context.recorded("forwardsTo"), context.recorded("stickySeconds"));
            return forward(listener, recorded, switched(recorded, to));
        }
    }

    /**
     * Sets {@code wanted} on the listener, if it forwards as {@code from} says; nothing when it already forwards as
     * {@code wanted}; a refusal when it forwards anywhere else.
     */
    private static Outcome forward(Listener listener, AlbForward from, AlbForward wanted) {
        AlbForward now = listener.forward();
        if (now.equals(wanted) || (wanted.groups().size() == 1 && now.onlyTo(wanted.groups().get(0).arn()))) {
            return new Outcome.Done(listener.state(now), listener.phrase() + " already forwards to "
                    + now.describe(listener.target) + ": nothing to change");
        }
        if (!now.equals(from)) {
            throw new StepFailure("error: " + listener.phrase() + " forwards to " + now.describe(listener.target)
                    + ", not to " + from.describe(listener.target) + " as when this step began: something else changed"
                    + " it; nothing was changed");
        }
        AlbForward after = listener.forwardOf(listener.api.forward(listener.name, listener.arn, wanted));
        return new Outcome.Done(listener.state(after), "pointed the default action of " + listener.phrase() + " at "
                + after.describe(listener.target) + " (was " + now.describe(listener.target) + ")");
    }

    @Override
    public Check verify(StepContext context, Outcome.Done done) {
        try (Listener listener = new Listener(context, (String) done.after().get("listenerArn"))) {
            AlbForward now = listener.forward();
            AlbForward wanted = AlbForward.recorded(done.after().get("forwardsTo"), done.after().get("stickySeconds"));
            return now.equals(wanted) ? Check.ok(listener.phrase() + " forwards to " + now.describe(listener.target))
                    : Check.failed(listener.phrase() + " forwards to " + now.describe(listener.target) + ", not to "
                            + wanted.describe(listener.target) + ": something else changed it");
        }
    }

    /**
     * Points the listener back where it forwarded before the step (every group, weight and stickiness, as recorded),
     * only while it forwards where the step left it.
     */
    @Override
    public Optional<Outcome> compensate(StepContext context) {
        AlbForward before = AlbForward.recorded(context.recorded("forwardsTo"), context.recorded("stickySeconds"));
        if (before == null || !(context.recorded("toTargetGroupArn") instanceof String to)) {
            return Optional.empty();
        }
        try (Listener listener = new Listener(context, (String) context.recorded("listenerArn"))) {
            return Optional.of(forward(listener, switched(before, to), before));
        }
    }
}
