package io.rewind.decision.engine;

import java.time.Duration;
import java.util.List;

/**
 * What backup-service said about the database a release migrated, as the engine needs it.
 *
 * @param state whether it was asked, and what it answered
 * @param newestVerifiedAge age of the newest verified backup: the data-loss window of a restore
 * @param lastRestoreDuration how long the last measured restore of that backup took
 * @param reasons why it is not ready, or why it could not be asked
 */
public record BackupReadiness(State state, String backupId, Duration newestVerifiedAge, Duration lastRestoreDuration,
        List<String> reasons) {

    public enum State {
        /** No database was named, or none was migrated: backup-service was not asked. */
        NOT_ASKED,
        /** backup-service did not answer. */
        UNREACHABLE,
        READY,
        NOT_READY
    }

    public static BackupReadiness notAsked(String reason) {
        return new BackupReadiness(State.NOT_ASKED, null, null, null, List.of(reason));
    }

    public static BackupReadiness unreachable(String reason) {
        return new BackupReadiness(State.UNREACHABLE, null, null, null, List.of(reason));
    }
}
