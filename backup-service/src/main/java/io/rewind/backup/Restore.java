package io.rewind.backup;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A backup restored over a registered database, after a safety backup of what it replaced. */
@Entity
@Table(name = "restores")
public class Restore {

    @Id
    public UUID id;

    @Column(name = "backup_id", nullable = false)
    public UUID backupId;

    @Column(name = "source_database", nullable = false)
    public String sourceDatabase;

    @Column(name = "target_database", nullable = false)
    public String targetDatabase;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RestoreStatus status;

    @Column(name = "safety_backup_id")
    public UUID safetyBackupId;

    @Column(name = "requested_at", nullable = false)
    public OffsetDateTime requestedAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    public String error;

    /** The name of the API key that asked for it: an admin's, or executor-service. */
    @Column(name = "requested_by")
    public String requestedBy;

    /** The caller's Idempotency-Key, unique per caller: a repeat of the request finds this restore. */
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    public String owner;

    @Column(name = "heartbeat_at")
    public OffsetDateTime heartbeatAt;
}
