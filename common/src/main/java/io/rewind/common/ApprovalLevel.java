package io.rewind.common;

/** Who must approve a rollback before it runs (the runbooks' severity matrix). */
public enum ApprovalLevel {
    /** Runs at once; for critical incidents the post-mortem comes after. */
    NONE,
    ON_CALL_LEAD,
    TEAM_LEAD
}
