package io.rewind.executor;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One run of a rollback plan (or of inline steps) against a target. Written, with all its {@link ExecutionStep}s, before
 * anything acts; the worker moves it from PENDING to a final status.
 */
@Entity
@Table(name = "executions")
public class Execution {

    @Id
    public UUID id;

    /** What is rolled back, usually a service name. One real execution per target may be active at a time. */
    @Column(nullable = false)
    public String target;

    /** The plan version the steps were copied from; null for inline steps. */
    @Column(name = "plan_id")
    public UUID planId;

    @Column(name = "incident_id")
    public String incidentId;

    @Column(name = "release_from")
    public String releaseFrom;

    @Column(name = "release_to")
    public String releaseTo;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    /** Inline steps started by an admin (break glass) rather than a stored, reviewed plan. */
    @Column(name = "break_glass", nullable = false)
    public boolean breakGlass;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ExecutionStatus status;

    /** Why it failed or was cancelled. */
    public String reason;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    @Column(name = "cancelled_by")
    public String cancelledBy;

    /**
     * A cancelled execution whose step was still acting when it was cancelled (or a restore it is following) holds its
     * target until that step has ended: no other execution of the target starts before.
     */
    @Column(name = "target_held", nullable = false)
    public boolean targetHeld;
}
