package io.rewind.executor.client;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What executor-service reads from and sends to backup-service; only the fields it uses. */
public final class BackupViews {

    private BackupViews() {
    }

    /** {@code GET /api/databases/{name}/readiness}: whether a step that can lose data may run. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Readiness(String database, boolean ready, Integer maxAgeHours, Backup newestVerifiedBackup,
            Long ageSeconds, List<String> reasons) {
    }

    /** A backup; {@code reason} is e.g. {@code pre-restore} for the safety backup a restore takes first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Backup(UUID id, String database, String status, String reason, OffsetDateTime requestedAt,
            OffsetDateTime endedAt, String verification, OffsetDateTime verifiedAt) {
    }

    /** The body of {@code POST /api/backups/{id}/restores}: {@code confirm} repeats the target's name. */
    public record NewRestore(String target, String confirm) {
    }

    /** A restore job: {@code status} is PENDING, RUNNING, SUCCEEDED, FAILED or INTERRUPTED. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Restore(UUID id, UUID backupId, String sourceDatabase, String targetDatabase, String status,
            UUID safetyBackupId, OffsetDateTime requestedAt, OffsetDateTime endedAt, String error) {

        public boolean ended() {
            return !"PENDING".equals(status) && !"RUNNING".equals(status);
        }
    }
}
