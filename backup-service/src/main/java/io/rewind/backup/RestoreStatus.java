package io.rewind.backup;

public enum RestoreStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    INTERRUPTED
}
