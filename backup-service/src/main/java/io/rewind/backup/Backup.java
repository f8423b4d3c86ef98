package io.rewind.backup;

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

/** One pg_dump of a registered database, and what was true of the database when it was taken. */
@Entity
@Table(name = "backups")
public class Backup {

    @Id
    public UUID id;

    @Column(name = "database_name", nullable = false)
    public String databaseName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BackupStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public BackupReason reason;

    @Column(name = "release_tag")
    public String releaseTag;

    @Column(name = "scheduled_for")
    public OffsetDateTime scheduledFor;

    @Column(name = "requested_at", nullable = false)
    public OffsetDateTime requestedAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "ended_at")
    public OffsetDateTime endedAt;

    @Column(name = "store_key")
    public String storeKey;

    @Column(name = "size_bytes")
    public Long sizeBytes;

    public String sha256;

    @Column(name = "server_version")
    public String serverVersion;

    @Column(name = "pg_dump_version")
    public String pgDumpVersion;

    @Column(name = "schema_version")
    public String schemaVersion;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "table_counts")
    public Map<String, Long> tableCounts;

    public String error;

    @Enumerated(EnumType.STRING)
    @Column(name = "verification_status")
    public VerificationStatus verificationStatus;

    @Column(name = "verified_at")
    public OffsetDateTime verifiedAt;

    public String owner;

    @Column(name = "heartbeat_at")
    public OffsetDateTime heartbeatAt;
}
