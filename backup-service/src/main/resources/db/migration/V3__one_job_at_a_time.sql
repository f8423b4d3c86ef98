-- Least privilege and bounded work (issue #14).
--
-- executor-service's key may restore over a database only where an admin allowed it: a restore replaces everything the
-- database holds, so a leaked service key must not be able to do that to every registered database.
ALTER TABLE databases ADD COLUMN service_restores BOOLEAN NOT NULL DEFAULT false;

-- Who asked for a restore (the API key's name) and under which Idempotency-Key: a repeat of the same request finds its
-- restore instead of starting a second. Unique per caller, so two copies of a request racing each other cannot both
-- insert; rows without a key never conflict (NULLs are distinct).
ALTER TABLE restores ADD COLUMN requested_by TEXT;
ALTER TABLE restores ADD COLUMN idempotency_key TEXT;
ALTER TABLE restores ADD CONSTRAINT restores_idempotency_key_per_caller UNIQUE (requested_by, idempotency_key);
CREATE INDEX restores_by_target ON restores (target_database, requested_at DESC);

-- Jobs queued by an earlier version may break the rules the indexes below enforce. Of each group the running one (or
-- the oldest) is kept; the others are set aside as INTERRUPTED, which their runner skips, before the index is built.
WITH extra AS (
    SELECT id FROM (
        SELECT id, row_number() OVER (PARTITION BY target_database
                ORDER BY status = 'RUNNING' DESC, requested_at, id) AS n
        FROM restores WHERE status IN ('PENDING', 'RUNNING')) ranked
    WHERE n > 1)
UPDATE restores SET status = 'INTERRUPTED', ended_at = now(),
        error = 'not run: another restore of the same database was under way when backup-service was upgraded'
    WHERE id IN (SELECT id FROM extra);

WITH extra AS (
    SELECT id FROM (
        SELECT id, row_number() OVER (PARTITION BY database_name
                ORDER BY status = 'RUNNING' DESC, requested_at, id) AS n
        FROM backups WHERE status IN ('PENDING', 'RUNNING') AND reason IN ('MANUAL', 'PRE_DEPLOY', 'PRE_ROLLBACK')) ranked
    WHERE n > 1)
UPDATE backups SET status = 'INTERRUPTED', ended_at = now(),
        error = 'not run: another requested backup of the same database was under way when backup-service was upgraded'
    WHERE id IN (SELECT id FROM extra);

WITH extra AS (
    SELECT id FROM (
        SELECT id, row_number() OVER (PARTITION BY backup_id
                ORDER BY status = 'RUNNING' DESC, requested_at, id) AS n
        FROM verifications WHERE status IN ('PENDING', 'RUNNING') AND scheduled_for IS NULL) ranked
    WHERE n > 1)
UPDATE verifications SET status = 'INTERRUPTED', ended_at = now(),
        error = 'not run: another verification of the same backup was under way when backup-service was upgraded'
    WHERE id IN (SELECT id FROM extra);

-- One restore per target database at a time: the second of two racing requests fails here and is answered 409.
CREATE UNIQUE INDEX restores_one_active_per_target ON restores (target_database)
    WHERE status IN ('PENDING', 'RUNNING');

-- A backup or verification asked for through the API while one is under way is answered with that one (coalesced);
-- these indexes make it so for racing requests too. Scheduled and pre-restore backups, and scheduled verifications,
-- are Rewind's own and are not counted.
CREATE UNIQUE INDEX backups_one_requested_per_database ON backups (database_name)
    WHERE status IN ('PENDING', 'RUNNING') AND reason IN ('MANUAL', 'PRE_DEPLOY', 'PRE_ROLLBACK');
CREATE UNIQUE INDEX verifications_one_requested_per_backup ON verifications (backup_id)
    WHERE status IN ('PENDING', 'RUNNING') AND scheduled_for IS NULL;
