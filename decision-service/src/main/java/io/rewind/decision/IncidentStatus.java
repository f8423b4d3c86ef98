package io.rewind.decision;

/**
 * OPEN (decided, nothing to run) → PENDING_APPROVAL → APPROVED or REJECTED → ROLLING_BACK → RESOLVED or FAILED.
 * A rollback that needs no approval goes from the decision straight to APPROVED.
 */
public enum IncidentStatus {
    OPEN, PENDING_APPROVAL, APPROVED, REJECTED, ROLLING_BACK, RESOLVED, FAILED;

    /** Whether an approver may still approve or reject. */
    public boolean awaitsDecision() {
        return this == OPEN || this == PENDING_APPROVAL;
    }
}
