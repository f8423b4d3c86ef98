package io.rewind.decision.notify;

import java.util.Optional;

import io.rewind.decision.IncidentStatus;

/**
 * What people are told about, each from an incident's timeline: the kinds the incident flow writes map onto these, and
 * the reminder scanners write the last three kinds themselves. A timeline kind not named here is told to nobody.
 */
public enum NotificationEvent {
    /** The engine decided and an approver must sign off, by the incident's deadline. Goes to escalation order 1. */
    APPROVAL_NEEDED,
    /** The approval deadline is {@code rewind.decision.notify.deadline-warning} away and nobody has decided. */
    APPROVAL_DEADLINE_NEAR,
    /** The deadline passed without a decision; each further step escalates one order further along the on-call list. */
    APPROVAL_OVERDUE,
    /** executor-service accepted the rollback: seed 004's "ROLLBACK IN PROGRESS" message. */
    EXECUTION_STARTED,
    /** A step of the rollback failed. */
    STEP_FAILED,
    /** The rollback ended: succeeded, failed, or was refused. */
    EXECUTION_FINISHED,
    /** A human must decide: the rollback is held, or the analysis or decision could not be acted on. */
    ESCALATED,
    /** An open incident's public status page has not been updated for the runbook's cadence (15 minutes). */
    STATUS_PAGE_STALE;

    /**
     * The event a timeline entry announces, if any. A decision is announced only while the incident still awaits its
     * approval: one approved by policy (or already approved by the time the notifier reads it) needs no approver.
     */
    public static Optional<NotificationEvent> of(String timelineKind, IncidentStatus status) {
        if (timelineKind == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (timelineKind) {
            case "DECIDED" -> status == IncidentStatus.PENDING_APPROVAL ? APPROVAL_NEEDED : null;
            case "APPROVAL_DEADLINE_NEAR" -> APPROVAL_DEADLINE_NEAR;
            case "APPROVAL_OVERDUE" -> APPROVAL_OVERDUE;
            case "ROLLBACK_STARTED" -> EXECUTION_STARTED;
            case "ROLLBACK_STEP_FAILED" -> STEP_FAILED;
            case "ROLLBACK_SUCCEEDED", "ROLLBACK_FAILED", "ROLLBACK_REFUSED" -> EXECUTION_FINISHED;
            case "ROLLBACK_ESCALATED", "ESCALATED" -> ESCALATED;
            case "STATUS_PAGE_STALE" -> STATUS_PAGE_STALE;
            default -> null;
        });
    }
}
