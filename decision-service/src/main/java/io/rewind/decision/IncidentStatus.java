package io.rewind.decision;

/**
 * OPEN (decided, nothing to run) → PENDING_APPROVAL → APPROVED or REJECTED → ROLLING_BACK → RESOLVED or FAILED.
 * A rollback that needs no approval goes from the decision straight to APPROVED. From APPROVED or ROLLING_BACK an
 * incident is ESCALATED when executor-service answers with anything but the rollback decision-service asked for.
 */
public enum IncidentStatus {
    OPEN, PENDING_APPROVAL, APPROVED, REJECTED, ROLLING_BACK, RESOLVED, FAILED,
    /**
     * Held for a human: executor-service answered with an execution decision-service did not ask for (a dry run,
     * another plan, target, incident or execution id), refused the incident's Idempotency-Key as reused, or no longer
     * knows the execution. The reason is on the timeline and in {@code rollback.lastError}; nothing is resolved, sent
     * or followed from it any more.
     */
    ESCALATED;

    /** Whether an approver may still approve or reject. */
    public boolean awaitsDecision() {
        return this == OPEN || this == PENDING_APPROVAL;
    }
}
