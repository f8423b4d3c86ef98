package io.rewind.backup.rest;

import java.time.Duration;
import java.util.List;

import io.rewind.backup.service.Readiness;

/**
 * Whether a database may go through a step that can lose data.
 *
 * @param age of the newest verified backup's snapshot, ISO-8601 ({@code PT1H5M}); ageSeconds the same in seconds
 * @param lastRestoreDuration how long the newest measured scratch restore took: what a real restore may cost
 * @param reasons every reason it is not ready; empty when ready
 */
public record ReadinessResponse(String database, boolean ready, int maxAgeHours, BackupResponse newestVerifiedBackup,
        Duration age, Long ageSeconds, Duration lastRestoreDuration, List<String> reasons) {

    static ReadinessResponse from(String database, Readiness r) {
        return new ReadinessResponse(database, r.ready(), r.maxAgeHours(), BackupResponse.from(r.newestVerifiedBackup()),
                r.age(), r.age() == null ? null : r.age().toSeconds(), r.lastRestoreDuration(), r.reasons());
    }
}
