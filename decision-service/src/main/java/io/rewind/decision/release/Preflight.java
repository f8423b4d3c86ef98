package io.rewind.decision.release;

import java.util.ArrayList;
import java.util.List;

/**
 * Seed 003's release preflight checklist as it went: each check with its outcome and why.
 *
 * @param checks {@code backup}, {@code migration}, {@code healthBaseline}, in that order
 */
public record Preflight(List<Check> checks) {

    public static final String BACKUP = "backup";
    public static final String MIGRATION = "migration";
    public static final String HEALTH_BASELINE = "healthBaseline";

    public enum Outcome {
        PASSED, FAILED, SKIPPED,
        /** Waiting for the backup the request asked to take and verify. */
        RUNNING
    }

    public record Check(String name, Outcome outcome, String reason) {
    }

    public Check check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** This preflight with {@code check} in place of the one of the same name. */
    public Preflight with(Check check) {
        List<Check> list = new ArrayList<>();
        for (Check c : checks) {
            list.add(c.name().equals(check.name()) ? check : c);
        }
        return new Preflight(List.copyOf(list));
    }

    public boolean running() {
        return checks.stream().anyMatch(c -> c.outcome() == Outcome.RUNNING);
    }

    public boolean failed() {
        return checks.stream().anyMatch(c -> c.outcome() == Outcome.FAILED);
    }
}
