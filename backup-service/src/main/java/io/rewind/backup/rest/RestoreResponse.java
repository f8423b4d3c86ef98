package io.rewind.backup.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.rewind.backup.Restore;
import io.rewind.backup.RestoreStatus;

/**
 * A restore job.
 *
 * @param safetyBackupId the backup of the target taken before it was overwritten: the way back from this restore
 */
public record RestoreResponse(UUID id, UUID backupId, String sourceDatabase, String targetDatabase,
        RestoreStatus status, UUID safetyBackupId, OffsetDateTime requestedAt, OffsetDateTime startedAt,
        OffsetDateTime endedAt, String error) {

    static RestoreResponse from(Restore r) {
        return new RestoreResponse(r.id, r.backupId, r.sourceDatabase, r.targetDatabase, r.status, r.safetyBackupId,
                r.requestedAt, r.startedAt, r.endedAt, r.error);
    }
}
