package io.rewind.decision.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.rewind.decision.Incident;
import io.rewind.decision.client.ExecutorViews;
import io.rewind.decision.client.PeerText;

/**
 * Whether an execution executor-service reports is the rollback an incident asked for: the plan decision-service asked
 * to run, on the incident's service, for this incident, a real run of a stored plan (not a dry run, not inline steps),
 * and, once an execution is recorded, that very execution. An incident is never advanced from anything else: the
 * issue's finding was an operator's dry run, posted under a pending incident's id, taken for its approved rollback.
 */
public final class ExecutionCheck {

    private ExecutionCheck() {
    }

    /** What the incident asked for: the plan (null only for incidents dispatched before plans were recorded). */
    public record Expected(String incidentId, String target, String planId, String executionId) {

        public static Expected of(Incident incident) {
            return new Expected(incident.id.toString(), incident.service, incident.planId, incident.executionId);
        }

        public Expected withPlan(String planId) {
            return new Expected(incidentId, target, planId, executionId);
        }
    }

    /** Each way {@code actual} differs from what was asked for, in words; empty when it is the incident's rollback. */
    public static List<String> differences(Expected expected, ExecutorViews.ExecutionView actual) {
        List<String> differences = new ArrayList<>();
        if (actual == null) {
            differences.add("no execution at all");
            return differences;
        }
        if (expected.executionId() != null && !expected.executionId().equals(actual.id())) {
            differences.add("execution id " + show(actual.id()) + ", not " + expected.executionId() + " recorded for this incident");
        }
        if (Boolean.TRUE.equals(actual.dryRun())) {
            differences.add("a dry run");
        } else if (actual.dryRun() == null) {
            differences.add("not said to be a real run (no dryRun)");
        }
        if (Boolean.TRUE.equals(actual.breakGlass())) {
            differences.add("inline steps (break glass), not a stored plan");
        }
        if (expected.planId() != null && !expected.planId().equals(actual.planId())) {
            differences.add("plan " + show(actual.planId()) + ", not the requested " + expected.planId());
        }
        if (!Objects.equals(expected.target(), actual.target())) {
            differences.add("target " + show(actual.target()) + ", not the incident's service " + expected.target());
        }
        if (!Objects.equals(expected.incidentId(), actual.incidentId())) {
            differences.add("incident " + show(actual.incidentId()) + ", not " + expected.incidentId());
        }
        return differences;
    }

    /** The timeline's and {@code rollback.lastError}'s sentence for a mismatch. */
    public static String reason(ExecutorViews.ExecutionView actual, List<String> differences) {
        return "executor-service answered with execution " + show(actual == null ? null : actual.id())
                + ", which is not the rollback decision-service asked for: " + String.join("; ", differences)
                + ". Held for a human: nothing is resolved from it.";
    }

    private static String show(String value) {
        return value == null ? "none" : PeerText.safe(value);
    }
}
