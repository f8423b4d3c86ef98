package io.rewind.decision;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.rewind.common.ApprovalLevel;
import io.rewind.common.Decision;
import io.rewind.decision.engine.Assessment;
import io.rewind.decision.engine.Signals;

/** An incident with its signals, the decision taken on it and how far its rollback got. */
@Entity
@Table(name = "incidents")
public class Incident {

    public enum Source {
        ENGINEER, ANALYSIS, ALERT
    }

    public enum DispatchState {
        /** Nothing to send. */
        NONE,
        /** Approved: the dispatcher sends the execution request until executor-service accepts it. */
        PENDING,
        ACCEPTED,
        /** executor-service refused the request for good (for example: no plan for the service). */
        FAILED,
        /** executor-service answered with something else than the rollback asked for: held for a human, not sent again. */
        HELD
    }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String service;

    @Column(nullable = false)
    public String title;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public IncidentStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Source source;

    @Column(name = "analysis_id")
    public UUID analysisId;

    /** The release the incident happened after (io.rewind.decision.release.ReleaseLinker), if one is recorded. */
    @Column(name = "release_id")
    public UUID releaseId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Signals signals;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Assessment assessment;

    @Column(name = "policy_version", nullable = false)
    public int policyVersion;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Decision decision;

    @Column(name = "impact_score")
    public Double impactScore;

    @Enumerated(EnumType.STRING)
    @Column(name = "approval_level", nullable = false)
    public ApprovalLevel approvalLevel;

    @Column(name = "approval_due_at", nullable = false)
    public OffsetDateTime approvalDueAt;

    @Column(name = "detected_at", nullable = false)
    public OffsetDateTime detectedAt;

    @Column(name = "decided_at", nullable = false)
    public OffsetDateTime decidedAt;

    @Column(name = "reported_by", nullable = false)
    public String reportedBy;

    @Column(name = "authorised_by")
    public String authorisedBy;

    @Column(name = "authorised_at")
    public OffsetDateTime authorisedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "dispatch_state", nullable = false)
    public DispatchState dispatchState = DispatchState.NONE;

    @Column(name = "dispatch_attempts", nullable = false)
    public int dispatchAttempts;

    @Column(name = "dispatch_error")
    public String dispatchError;

    @Column(name = "next_dispatch_at")
    public OffsetDateTime nextDispatchAt;

    /**
     * The rollback strategy to carry out: the decision's, or the one an approver named when overriding a decision
     * that was not ROLLBACK. Null until there is one.
     */
    @Enumerated(EnumType.STRING)
    public Assessment.StrategyKind strategy;

    /** The plan (by name) the policy maps to {@link #strategy}: what the dispatcher asks executor-service to run. */
    @Column(name = "plan_name")
    public String planName;

    /** The executor-service plan decision-service asked to run; every answer about the execution is checked against it. */
    @Column(name = "plan_id")
    public String planId;

    @Column(name = "execution_id")
    public String executionId;

    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
