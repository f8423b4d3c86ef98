package io.rewind.executor;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One step of an {@link Execution}, a copy of the plan's step plus what happened to it: the state it saw before acting,
 * the state after, its output and error. The worker updates it with plain SQL (it claims rows with
 * {@code FOR UPDATE SKIP LOCKED}); this entity is how the API reads it.
 */
@Entity
@Table(name = "execution_steps")
public class ExecutionStep {

    @Id
    public UUID id;

    @Column(name = "execution_id", nullable = false)
    public UUID executionId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public StepKind kind;

    /** The target the step acts on, by name; null for kinds that take none. */
    public String target;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, Object> params;

    @Column(name = "timeout_ms", nullable = false)
    public long timeoutMs;

    @Column(name = "continue_on_failure", nullable = false)
    public boolean continueOnFailure;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public StepStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    @Column(name = "claimed_by")
    public String claimedBy;

    @Column(name = "lease_until")
    public OffsetDateTime leaseUntil;

    @Column(name = "next_attempt_at")
    public OffsetDateTime nextAttemptAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "before_state")
    public Map<String, Object> beforeState;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "after_state")
    public Map<String, Object> afterState;

    public String output;

    public String error;

    @Column(name = "compensation_started_at")
    public OffsetDateTime compensationStartedAt;

    @Column(name = "compensated_by")
    public String compensatedBy;

    @Column(name = "compensation_ended_at")
    public OffsetDateTime compensationEndedAt;

    @Column(name = "compensation_output")
    public String compensationOutput;

    @Column(name = "compensation_error")
    public String compensationError;

    /** An approval step's decision, APPROVED or REJECTED; null until someone decided. */
    public String decision;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    @Column(name = "decision_comment")
    public String decisionComment;
}
