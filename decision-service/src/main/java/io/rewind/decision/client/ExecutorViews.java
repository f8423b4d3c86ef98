package io.rewind.decision.client;

import java.time.OffsetDateTime;
import java.util.List;

/** What decision-service sends to and reads from executor-service: its own records of them. */
public final class ExecutorViews {

    private ExecutorViews() {
    }

    public record PlanView(String id, String name, String service, int version) {
    }

    /** The rollback's direction: {@code from} the bad version now running, {@code to} the good one it goes back to. */
    public record Release(String from, String to) {
    }

    public record ExecutionRequest(String planId, String target, String incidentId, Release release) {
    }

    /**
     * An execution as executor-service reports it: which plan it runs, on which target, for which incident, whether
     * it is a dry run or inline steps (break glass), and its status: PENDING, RUNNING, SUCCEEDED, FAILED or CANCELLED.
     */
    public record ExecutionView(String id, String planId, String target, String incidentId, Boolean dryRun,
            Boolean breakGlass, String status, String reason, OffsetDateTime startedAt, OffsetDateTime endedAt,
            List<StepView> steps) {
    }

    public record StepView(int position, String name, String kind, String status, OffsetDateTime startedAt,
            OffsetDateTime endedAt, String output, String error) {
    }

}
