package io.rewind.backup;

/** Where a verification is; VERIFIED only when every phase passed. */
public enum VerificationStatus {
    PENDING,
    RUNNING,
    VERIFIED,
    FAILED,
    INTERRUPTED
}
