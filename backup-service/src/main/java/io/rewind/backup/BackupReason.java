package io.rewind.backup;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a backup was taken; in JSON as {@code manual}, {@code pre-deploy}, and so on. */
public enum BackupReason {
    SCHEDULED,
    MANUAL,
    PRE_DEPLOY,
    PRE_ROLLBACK,
    /** The safety backup of a restore's target, taken before the restore overwrites it. */
    PRE_RESTORE;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Refuses a name this version does not know, so that a typo is a 400 rather than a silently different reason. */
    @JsonCreator
    public static BackupReason parse(String id) {
        for (BackupReason reason : values()) {
            if (reason.id().equals(id)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("must be one of manual, pre-deploy, pre-rollback");
    }
}
