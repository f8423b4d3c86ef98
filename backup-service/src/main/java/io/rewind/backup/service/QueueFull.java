package io.rewind.backup.service;

import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.problem.ProblemType;

/**
 * 429: as many jobs as {@code rewind.backup.max-queued-jobs} already wait for a worker, so a backup or verification
 * asked for now is refused rather than queued. The response carries {@code Retry-After} (see the REST layer's
 * mapper); scheduled jobs and restores are never refused for it.
 */
public class QueueFull extends ProblemException {

    /** When to ask again: long enough for a worker to finish a small database's job, short for a person waiting. */
    public static final int RETRY_AFTER_SECONDS = 60;

    public QueueFull(long queued, int maxQueued) {
        super(Problem.of(ProblemType.TOO_MANY_REQUESTS, 429, queued + " jobs are waiting for a worker, and at most "
                + maxQueued + " may (REWIND_BACKUP_MAX_QUEUED_JOBS); nothing was queued. Ask again in "
                + RETRY_AFTER_SECONDS + " s.").with("queuedJobs", queued).with("maxQueuedJobs", maxQueued));
    }
}
