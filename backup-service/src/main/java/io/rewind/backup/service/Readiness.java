package io.rewind.backup.service;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import io.rewind.backup.Backup;
import io.rewind.backup.Verification;
import io.rewind.backup.VerificationStatus;

/**
 * Whether a database may go through a step that can lose data: it has a verified backup, whose snapshot is younger
 * than the maximum age. A pure function of what is stored, so it is tested without a server.
 *
 * @param age of the newest verified backup, from the moment of its snapshot (when pg_dump started), not its end
 * @param lastRestoreDuration the scratch restore of the newest verification that measured one: how long a real
 *        restore of this database is likely to take
 * @param reasons every reason it is not ready; empty when ready
 */
public record Readiness(boolean ready, int maxAgeHours, Backup newestVerifiedBackup, Duration age,
        Duration lastRestoreDuration, List<String> reasons) {

    public static Readiness evaluate(JobStore.ReadinessFacts facts, int maxAgeHours, OffsetDateTime now) {
        List<String> reasons = new ArrayList<>();
        Backup verified = facts.newestVerified();
        Duration age = verified == null ? null : Duration.between(verified.startedAt, now);
        if (verified == null) {
            reasons.add("no verified backup of '" + facts.database().name + "'");
        } else if (age.compareTo(Duration.ofHours(maxAgeHours)) > 0) {
            reasons.add("the newest verified backup " + verified.id + " is " + age.withNanos(0) + " old, older than "
                    + maxAgeHours + " h");
        }
        Verification newest = facts.newestVerification();
        if (newest != null && newest.status == VerificationStatus.FAILED && !reasons.isEmpty()) {
            reasons.add("the newest verification (of backup " + newest.backupId + ") failed: " + newest.error);
        }
        Duration restore = facts.newestRestoreMeasured() == null ? null
                : Duration.ofMillis(facts.newestRestoreMeasured().restoreDurationMs);
        return new Readiness(reasons.isEmpty(), maxAgeHours, verified, age, restore, List.copyOf(reasons));
    }
}
