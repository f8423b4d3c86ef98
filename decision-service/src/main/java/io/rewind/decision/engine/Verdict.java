package io.rewind.decision.engine;

/** What one criterion says on its own. */
public enum Verdict {
    ROLLBACK,
    FIX_FORWARD,
    WORKAROUND,
    MONITOR,
    /** Neither way: the value sits between the thresholds, or the signal was not reported. */
    NEUTRAL,
    /** A signal the decision needs is missing or contradicts another: a human decides. */
    INCONCLUSIVE
}
