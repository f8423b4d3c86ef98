-- Cancelling an execution stops it at once, but a step a worker is acting on at that moment finishes first, and a
-- restore backup-service is running is followed to its end. Until then the cancelled execution still holds its target:
-- a second execution of the same target must not act beside a step of the first one.
ALTER TABLE executions ADD COLUMN target_held BOOLEAN NOT NULL DEFAULT false;

-- One real execution per target at a time now counts a cancelled one whose step is still running.
DROP INDEX executions_one_active_per_target;
CREATE UNIQUE INDEX executions_one_active_per_target ON executions (target)
    WHERE (status IN ('PENDING', 'RUNNING') OR target_held) AND NOT dry_run;

-- Dry runs and inline runs are counted per caller while active, to bound what one key can queue.
CREATE INDEX executions_active_by_caller_idx ON executions (created_by) WHERE status IN ('PENDING', 'RUNNING');
