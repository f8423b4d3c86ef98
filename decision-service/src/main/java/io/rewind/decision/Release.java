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

import io.rewind.decision.release.Preflight;

/** A release of a service: what was deployed, the version a rollback goes back to, and seed 003's preflight on it. */
@Entity
@Table(name = "releases")
public class Release {

    /** What the release did to the database, which decides whether the application alone can be rolled back. */
    public enum Migration {
        /** No schema change. */
        NONE,
        /** Additive, forward-compatible change: the previous version runs on the new schema (seed 003's preferred way). */
        ADDITIVE,
        /** A change with a reviewed down-migration, named in {@code downMigration}. */
        REVERSIBLE,
        /** A change that cannot be undone: rolling back means restoring a backup. */
        IRREVERSIBLE
    }

    public enum Status {
        /** The preflight takes and verifies a backup; a job completes it. */
        PREFLIGHT_RUNNING,
        READY,
        PREFLIGHT_FAILED
    }

    /** Where the preflight's backup job is; written before each call to backup-service. */
    public enum BackupStage {
        REQUESTED, TAKING, VERIFYING, DONE
    }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String service;

    @Column(nullable = false)
    public String version;

    public String image;

    @Column(name = "commit_sha")
    public String commit;

    @Column(name = "last_known_good")
    public String lastKnownGood;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Migration migration;

    /** The reviewed down-migration: an executor plan step's name or a script's name, declared, never held here. */
    @Column(name = "down_migration")
    public String downMigration;

    @Column(name = "feature_flag")
    public String featureFlag;

    @Column(name = "blue_green", nullable = false)
    public boolean blueGreen;

    /** The database the release migrates, as registered with backup-service. */
    @Column(name = "database_name")
    public String database;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Preflight preflight;

    @Enumerated(EnumType.STRING)
    @Column(name = "backup_stage")
    public BackupStage backupStage;

    @Column(name = "backup_id")
    public String backupId;

    @Column(name = "backup_deadline")
    public OffsetDateTime backupDeadline;

    @Column(name = "next_check_at")
    public OffsetDateTime nextCheckAt;

    @Column(name = "analysis_id")
    public UUID analysisId;

    @Column(name = "released_at", nullable = false)
    public OffsetDateTime releasedAt;

    @Column(name = "released_by", nullable = false)
    public String releasedBy;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
