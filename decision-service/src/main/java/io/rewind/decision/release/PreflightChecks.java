package io.rewind.decision.release;

import java.time.Duration;
import java.util.Locale;

import io.rewind.decision.Release;
import io.rewind.decision.engine.BackupReadiness;
import io.rewind.decision.release.Preflight.Check;
import io.rewind.decision.release.Preflight.Outcome;

/**
 * Seed 003's release preflight, as pure functions of what was measured: a verified backup younger than the policy's
 * readiness age, a migration that can be undone (or a backup to restore when it cannot), and a healthy baseline.
 */
public final class PreflightChecks {

    private PreflightChecks() {
    }

    /**
     * @param readiness backup-service's answer; null when it was not asked (no database, or a backup is being taken)
     */
    public static Check backup(String database, boolean takeBackup, BackupReadiness readiness, int maxAgeHours) {
        if (database == null) {
            return new Check(Preflight.BACKUP, Outcome.SKIPPED, "no database named: the release has nothing to back up");
        }
        if (takeBackup) {
            return new Check(Preflight.BACKUP, Outcome.RUNNING, "taking a backup of '" + database + "' and verifying it");
        }
        return switch (readiness.state()) {
            case READY -> new Check(Preflight.BACKUP, Outcome.PASSED, "verified backup " + readiness.backupId() + " of '"
                    + database + "'" + (readiness.newestVerifiedAge() == null ? ""
                            : ", " + human(readiness.newestVerifiedAge()) + " old") + " (at most " + maxAgeHours + " h)");
            default -> new Check(Preflight.BACKUP, Outcome.FAILED, "no verified backup of '" + database
                    + "' younger than " + maxAgeHours + " h: " + String.join("; ", readiness.reasons()));
        };
    }

    /** The backup the preflight took and verified. */
    public static Check backupVerified(String database, String backupId) {
        return new Check(Preflight.BACKUP, Outcome.PASSED, "backup " + backupId + " of '" + database
                + "' taken and verified for this release");
    }

    public static Check backupFailed(String reason) {
        return new Check(Preflight.BACKUP, Outcome.FAILED, reason);
    }

    /** Whether the release's migration can be undone; an irreversible one needs the backup check to have passed. */
    public static Check migration(Release.Migration migration, String downMigration, Check backup) {
        return switch (migration) {
            case NONE -> new Check(Preflight.MIGRATION, Outcome.PASSED, "no schema change");
            case ADDITIVE -> new Check(Preflight.MIGRATION, Outcome.PASSED,
                    "declared additive: the previous version runs on the new schema, the database stays as it is");
            case REVERSIBLE -> downMigration == null || downMigration.isBlank()
                    ? new Check(Preflight.MIGRATION, Outcome.FAILED,
                            "declared reversible but names no reviewed down-migration ('downMigration')")
                    : new Check(Preflight.MIGRATION, Outcome.PASSED, "reviewed down-migration '" + downMigration + "'");
            case IRREVERSIBLE -> switch (backup.outcome()) {
                case PASSED -> new Check(Preflight.MIGRATION, Outcome.PASSED,
                        "irreversible: the way back is restoring the verified backup");
                case RUNNING -> new Check(Preflight.MIGRATION, Outcome.RUNNING,
                        "irreversible: waiting for the backup to be verified");
                default -> new Check(Preflight.MIGRATION, Outcome.FAILED,
                        "irreversible and no verified backup to restore: " + backup.reason());
            };
        };
    }

    /**
     * @param errorRatePercent the baseline query's value, or null when it could not be measured ({@code failure} says why)
     */
    public static Check healthBaseline(String query, Double errorRatePercent, String failure, double maxPercent) {
        if (query == null) {
            return new Check(Preflight.HEALTH_BASELINE, Outcome.SKIPPED,
                    "no baseline query (REWIND_RELEASE_BASELINE_QUERY or the request's baselineQuery)");
        }
        if (errorRatePercent == null || errorRatePercent.isNaN()) {
            return new Check(Preflight.HEALTH_BASELINE, Outcome.FAILED, "the error rate could not be measured: "
                    + (failure == null ? "the query returned NaN (no traffic to divide by?)" : failure));
        }
        String measured = "error rate " + fmt(errorRatePercent) + "% ";
        return errorRatePercent < maxPercent
                ? new Check(Preflight.HEALTH_BASELINE, Outcome.PASSED, measured + "is below " + fmt(maxPercent) + "%")
                : new Check(Preflight.HEALTH_BASELINE, Outcome.FAILED, measured + "is not below " + fmt(maxPercent) + "%");
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String human(Duration age) {
        return age.toHours() > 0 ? age.toHours() + " h " + age.toMinutesPart() + " min" : age.toMinutes() + " min";
    }
}
