package io.rewind.executor;

/** Where an execution is. PENDING and RUNNING are active: at most one real execution per target may be active. */
public enum ExecutionStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isActive() {
        return this == PENDING || this == RUNNING;
    }
}
