package io.rewind.executor;

/**
 * Where one step of an execution is. RUNNING is recorded before the step acts, and stays while it waits (a pause, a
 * rollout in progress, an HTTP retry). SKIPPED: never run, because an earlier step failed or the execution was
 * cancelled. CANCELLED: the execution was cancelled while this step was waiting.
 */
public enum StepStatus {
    PENDING, RUNNING, SUCCEEDED, FAILED, SKIPPED, CANCELLED
}
