-- Backups, their verifications and restores. Every job is written (PENDING) before it runs, and carries the process
-- that runs it (owner) and when that process last proved it is alive (heartbeat_at): a job whose owner went silent is
-- marked INTERRUPTED by any replica, so a crash never leaves a job RUNNING for ever.
--
-- database_name is the registered name, without a foreign key: unregistering a database must not destroy its backups.
CREATE TABLE backups (
    id                  UUID        PRIMARY KEY,
    database_name       TEXT        NOT NULL,
    status              TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'INTERRUPTED', 'DELETING')),
    reason              TEXT        NOT NULL CHECK (reason IN ('SCHEDULED', 'MANUAL', 'PRE_DEPLOY', 'PRE_ROLLBACK', 'PRE_RESTORE')),
    release_tag         TEXT,
    -- The cron fire time of a scheduled backup: the unique index below lets exactly one replica claim it.
    scheduled_for       TIMESTAMPTZ,
    requested_at        TIMESTAMPTZ NOT NULL,
    started_at          TIMESTAMPTZ,
    ended_at            TIMESTAMPTZ,
    store_key           TEXT,
    size_bytes          BIGINT,
    sha256              TEXT,
    server_version      TEXT,
    pg_dump_version     TEXT,
    schema_version      TEXT,
    -- {"public.orders": 42, ...}, counted in the snapshot pg_dump dumped.
    table_counts        JSONB,
    error               TEXT,
    -- The result of the backup's newest verification, kept here so that readiness and retention need no join.
    verification_status TEXT CHECK (verification_status IN ('VERIFIED', 'FAILED')),
    verified_at         TIMESTAMPTZ,
    owner               TEXT,
    heartbeat_at        TIMESTAMPTZ
);
CREATE UNIQUE INDEX backups_scheduled_claim ON backups (database_name, scheduled_for) WHERE scheduled_for IS NOT NULL;
CREATE INDEX backups_by_database ON backups (database_name, requested_at DESC);

CREATE TABLE verifications (
    id                  UUID        PRIMARY KEY,
    backup_id           UUID        NOT NULL REFERENCES backups (id) ON DELETE CASCADE,
    database_name       TEXT        NOT NULL,
    status              TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'VERIFIED', 'FAILED', 'INTERRUPTED')),
    scheduled_for       TIMESTAMPTZ,
    requested_at        TIMESTAMPTZ NOT NULL,
    started_at          TIMESTAMPTZ,
    ended_at            TIMESTAMPTZ,
    -- {"phases": [{"name": ..., "status": ..., "durationMs": ..., "detail": ...}]}: an object, since Hibernate Reactive
    -- cannot write a JSON array at the top level.
    phases              JSONB,
    error               TEXT,
    restore_duration_ms BIGINT,
    -- Written before the scratch database is created, so that a crash leaves a name to drop.
    scratch_database    TEXT,
    owner               TEXT,
    heartbeat_at        TIMESTAMPTZ
);
CREATE UNIQUE INDEX verifications_scheduled_claim ON verifications (database_name, scheduled_for) WHERE scheduled_for IS NOT NULL;
CREATE INDEX verifications_by_backup ON verifications (backup_id, requested_at DESC);

-- backup_id has no foreign key: a restore's record outlives the backup it restored, which retention may delete.
CREATE TABLE restores (
    id               UUID        PRIMARY KEY,
    backup_id        UUID        NOT NULL,
    source_database  TEXT        NOT NULL,
    target_database  TEXT        NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'INTERRUPTED')),
    safety_backup_id UUID,
    requested_at     TIMESTAMPTZ NOT NULL,
    started_at       TIMESTAMPTZ,
    ended_at         TIMESTAMPTZ,
    error            TEXT,
    owner            TEXT,
    heartbeat_at     TIMESTAMPTZ
);
