package io.rewind.common;

/**
 * The outcome of scoring an incident. Closed on purpose: every consumer must handle each one.
 */
public enum Decision {
    /** Undo the release now. */
    ROLLBACK,
    /** Keep the release and ship a fix; rolling back would cost more than it saves. */
    FIX_FORWARD,
    /** A workaround contains the impact; keep the release while the fix is prepared. */
    WORKAROUND,
    /** No action yet; watch the signals. */
    MONITOR,
    /** Signals are missing or contradict each other: a human decides. */
    INCONCLUSIVE
}
