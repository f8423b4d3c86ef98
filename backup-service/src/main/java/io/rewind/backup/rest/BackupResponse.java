package io.rewind.backup.rest;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import io.rewind.backup.Backup;
import io.rewind.backup.BackupReason;
import io.rewind.backup.BackupStatus;
import io.rewind.backup.VerificationStatus;

/**
 * A backup and what was true of its database when it was taken.
 *
 * @param serverVersion the PostgreSQL server's version; pgDumpVersion that of the pg_dump that dumped it
 * @param schemaVersion the newest Flyway version in the database's {@code flyway_schema_history}, or null
 * @param tableCounts the critical tables' row counts, in the snapshot pg_dump dumped
 * @param verification the result of its newest verification, null until one finished
 * @param verifiedAt when that verification finished
 */
public record BackupResponse(UUID id, String database, BackupStatus status, BackupReason reason, String releaseTag,
        OffsetDateTime scheduledFor, OffsetDateTime requestedAt, OffsetDateTime startedAt, OffsetDateTime endedAt,
        Long size, String sha256, String serverVersion, String pgDumpVersion, String schemaVersion,
        Map<String, Long> tableCounts, String error, VerificationStatus verification, OffsetDateTime verifiedAt) {

    static BackupResponse from(Backup b) {
        return b == null ? null : new BackupResponse(b.id, b.databaseName, b.status, b.reason, b.releaseTag,
                b.scheduledFor, b.requestedAt, b.startedAt, b.endedAt, b.sizeBytes, b.sha256, b.serverVersion,
                b.pgDumpVersion, b.schemaVersion, b.tableCounts, b.error, b.verificationStatus, b.verifiedAt);
    }
}
