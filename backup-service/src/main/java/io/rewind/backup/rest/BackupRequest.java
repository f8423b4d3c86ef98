package io.rewind.backup.rest;

import jakarta.validation.constraints.Pattern;

import io.rewind.backup.BackupReason;

/**
 * The optional body of {@code POST /api/databases/{name}/backups}.
 *
 * @param reason manual (the default), pre-deploy or pre-rollback; scheduled and pre-restore backups are Rewind's own
 * @param releaseTag the release this backup precedes or belongs to, e.g. v1.5.0
 */
public record BackupRequest(BackupReason reason,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._+/-]{0,99}", message = "must be a release tag such as v1.5.0:"
                + " at most 100 letters, digits, '.', '_', '+', '/' or '-'") String releaseTag) {
}
