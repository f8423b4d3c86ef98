package io.rewind.backup.service;

/** A job failed for a reason an operator can act on; its message is recorded on the job as it is. */
public class JobFailure extends Exception {

    public JobFailure(String message) {
        super(message, null, false, false);
    }

    public JobFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
