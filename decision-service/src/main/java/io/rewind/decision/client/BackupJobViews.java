package io.rewind.decision.client;

import java.util.List;

/** What decision-service sends to and reads of backup-service's backups and verifications: our own records of them. */
public final class BackupJobViews {

    private BackupJobViews() {
    }

    /** A backup taken before a release: reason {@code pre-deploy}, tagged with the release's version. */
    public record NewBackup(String reason, String releaseTag) {
    }

    /** @param status PENDING, RUNNING, SUCCEEDED, FAILED or INTERRUPTED */
    public record Backup(String id, String status, String error) {
    }

    /** @param status PENDING, RUNNING, VERIFIED, FAILED or INTERRUPTED */
    public record Verification(String id, String status, List<Phase> phases) {
    }

    public record Phase(String name, String status, String detail) {
    }
}
