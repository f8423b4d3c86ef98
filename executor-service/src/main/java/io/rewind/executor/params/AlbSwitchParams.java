package io.rewind.executor.params;

import io.rewind.executor.target.AlbTarget;

/**
 * {@code alb.switchTargetGroup}: points an ELBv2 listener's default action at one target group (the runbook's
 * {@code aws elbv2 modify-listener --default-actions Type=forward,TargetGroupArn=<blue>}). Params: {@code targetGroup},
 * the name of one of the {@code aws-alb} target's {@code targetGroups} (such as {@code blue}); {@code listener}, the
 * name of one of its {@code listeners}, which may be left out when the target has only one. Names only: the ARNs,
 * region, endpoint and credentials are the target's, and a step cannot give them.
 *
 * @param listener the listener's name in the target, or null for the target's only listener
 * @param targetGroup the target group's name in the target
 */
public record AlbSwitchParams(String listener, String targetGroup) implements StepParams {

    private static final String NAME = "must be a name the aws-alb target gives a ";

    public static AlbSwitchParams read(ParamReader p) {
        String listener = p.matching("listener", false, AlbTarget.NAME, NAME + "listener (such as public-https), not an ARN");
        String targetGroup = p.matching("targetGroup", true, AlbTarget.NAME,
                NAME + "target group (such as blue), not an ARN");
        return new AlbSwitchParams(listener, targetGroup);
    }

    /** Why {@code target} does not let this step act, as field (relative to params) and sentence; or null. */
    public Problem problemFor(AlbTarget target) {
        if (listener == null && target.listeners().size() != 1) {
            return new Problem("listener", "is required: the target has listeners " + AlbTarget.list(target.listeners()));
        }
        if (listener != null && !target.listeners().containsKey(listener)) {
            return new Problem("listener", "is not a listener of this target (it has " + AlbTarget.list(target.listeners())
                    + ")" + ParamReader.echo(listener));
        }
        if (targetGroup != null && !target.targetGroups().containsKey(targetGroup)) {
            return new Problem("targetGroup", "is not a target group of this target (it has "
                    + AlbTarget.list(target.targetGroups()) + ")" + ParamReader.echo(targetGroup));
        }
        return null;
    }

    /** The listener's name: the one given, or the target's only one. */
    public String listenerIn(AlbTarget target) {
        return listener != null ? listener : target.listeners().keySet().iterator().next();
    }

    /** A refusal of {@link #problemFor}: the parameter and why. */
    public record Problem(String field, String message) {
    }
}
