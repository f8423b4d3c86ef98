package io.rewind.decision.client;

import java.time.Duration;
import java.util.List;

/**
 * What decision-service reads of backup-service's readiness answer: our own record of it, so their API can grow
 * without breaking us.
 */
public record BackupReadinessView(boolean ready, VerifiedBackup newestVerifiedBackup, Duration age,
        Duration lastRestoreDuration, List<String> reasons) {

    public record VerifiedBackup(String id) {
    }
}
