package io.rewind.backup;

/** Where a backup is in its life. */
public enum BackupStatus {
    /** Written, waiting for a worker. */
    PENDING,
    RUNNING,
    /** The dump is in the store, checksummed, with its metadata. Not yet proven to restore: see its verification. */
    SUCCEEDED,
    FAILED,
    /** Its process stopped (crash, restart) before it finished. */
    INTERRUPTED,
    /** Retention is removing it: its file goes first, then this row, so neither outlives the other. */
    DELETING;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == INTERRUPTED;
    }
}
