package io.rewind.executor.action;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rewind.executor.target.AlbTarget;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupStickinessConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

/**
 * A listener's default action when it is one {@code forward}: the target groups it forwards to, with their weights, and
 * its target group stickiness ({@code stickySeconds}, null when off). Compared as traffic sees it: the groups in any
 * order, and one group's weight does not matter (it takes everything).
 */
record AlbForward(List<Group> groups, Integer stickySeconds) {

    record Group(String arn, int weight) {
    }

    AlbForward {
        List<Group> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparing(Group::arn));
        groups = sorted.size() == 1 ? List.of(new Group(sorted.get(0).arn(), 1)) : List.copyOf(sorted);
    }

    /** Everything to {@code arn}, without stickiness: the runbook's {@code Type=forward,TargetGroupArn=<arn>}. */
    static AlbForward to(String arn) {
        return new AlbForward(List.of(new Group(arn, 1)), null);
    }

    /** The listener's default actions as a forward; null when they are anything else. */
    static AlbForward of(List<Action> actions) {
        if (actions.size() != 1 || actions.get(0).type() != ActionTypeEnum.FORWARD) {
            return null;
        }
        Action action = actions.get(0);
        ForwardActionConfig config = action.forwardConfig();
        if (config == null || !config.hasTargetGroups() || config.targetGroups().isEmpty()) {
            return action.targetGroupArn() == null ? null : to(action.targetGroupArn());
        }
        List<Group> groups = config.targetGroups().stream()
                .map(t -> new Group(t.targetGroupArn(), t.weight() == null ? 1 : t.weight())).toList();
        TargetGroupStickinessConfig sticky = config.targetGroupStickinessConfig();
        return new AlbForward(groups, sticky != null && Boolean.TRUE.equals(sticky.enabled())
                ? sticky.durationSeconds() == null ? 3600 : sticky.durationSeconds() : null);
    }

    /** What {@link #state} recorded, or null when it recorded none. */
    @SuppressWarnings("unchecked")
    static AlbForward recorded(Object forwardsTo, Object stickySeconds) {
        if (!(forwardsTo instanceof List<?> list) || list.isEmpty()) {
            return null;
        }
        List<Group> groups = new ArrayList<>();
        for (Object item : list) {
            Map<String, Object> group = (Map<String, Object>) item;
            groups.add(new Group((String) group.get("arn"), ((Number) group.get("weight")).intValue()));
        }
        return new AlbForward(groups, stickySeconds instanceof Number seconds ? seconds.intValue() : null);
    }

    /** Whether it sends everything to {@code arn} alone. */
    boolean onlyTo(String arn) {
        return groups.size() == 1 && groups.get(0).arn().equals(arn);
    }

    /** The default action that sets it: the runbook's short form for one group without stickiness. */
    Action action() {
        if (groups.size() == 1 && stickySeconds == null) {
            return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(groups.get(0).arn()).build();
        }
        return Action.builder().type(ActionTypeEnum.FORWARD).forwardConfig(ForwardActionConfig.builder()
                .targetGroups(groups.stream().map(g -> TargetGroupTuple.builder().targetGroupArn(g.arn()).weight(g.weight())
                        .build()).toList())
                .targetGroupStickinessConfig(stickySeconds == null ? TargetGroupStickinessConfig.builder().enabled(false).build()
                        : TargetGroupStickinessConfig.builder().enabled(true).durationSeconds(stickySeconds).build())
                .build()).build();
    }

    /** {@code forwardsTo} (each group's name in {@code target}, ARN and weight) and {@code stickySeconds} into {@code state}. */
    void putInto(Map<String, Object> state, AlbTarget target) {
        List<Map<String, Object>> forwardsTo = new ArrayList<>();
        for (Group group : groups) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("targetGroup", target.targetGroupName(group.arn()));
            entry.put("arn", group.arn());
            entry.put("weight", group.weight());
            forwardsTo.add(entry);
        }
        state.put("forwardsTo", forwardsTo);
        state.put("stickySeconds", stickySeconds);
    }

    /** As an operator reads it: "blue (arn)" or "blue (arn) weight 90, green (arn) weight 10, sticky for 300s". */
    String describe(AlbTarget target) {
        List<String> parts = new ArrayList<>();
        for (Group group : groups) {
            String name = target.targetGroupName(group.arn());
            parts.add((name == null ? "" : name + " ") + "(" + group.arn() + ")"
                    + (groups.size() == 1 ? "" : " weight " + group.weight()));
        }
        return String.join(", ", parts) + (stickySeconds == null ? "" : ", sticky for " + stickySeconds + "s");
    }
}
