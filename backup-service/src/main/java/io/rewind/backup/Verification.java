package io.rewind.backup;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One attempt to prove a backup restores, phase by phase. */
@Entity
@Table(name = "verifications")
public class Verification {

    @Id
    public UUID id;

    @Column(name = "backup_id", nullable = false)
    public UUID backupId;

    @Column(name = "database_name", nullable = false)
    public String databaseName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public VerificationStatus status;

    @Column(name = "scheduled_for")
    public OffsetDateTime scheduledFor;

    @Column(name = "requested_at", nullable = false)
    public OffsetDateTime requestedAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    @JdbcTypeCode(SqlTypes.JSON)
    public Phases phases;

    public String error;

    @Column(name = "restore_duration_ms")
    public Long restoreDurationMs;

    @Column(name = "scratch_database")
    public String scratchDatabase;

    public String owner;

    @Column(name = "heartbeat_at")
    public OffsetDateTime heartbeatAt;

    /** The phases in the order they ran; wrapped in an object because Hibernate Reactive cannot write a JSON array. */
    public record Phases(List<Phase> phases) {
    }

    /**
     * One phase of a verification.
     *
     * @param status PASSED, FAILED, or SKIPPED when an earlier failure made it pointless (a missing file)
     * @param detail what was found: the reason when it failed
     */
    public record Phase(String name, String status, long durationMs, String detail) {

        public static final String PASSED = "PASSED";
        public static final String FAILED = "FAILED";
        public static final String SKIPPED = "SKIPPED";
    }
}
