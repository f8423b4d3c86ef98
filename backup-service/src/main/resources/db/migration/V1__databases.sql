-- The databases Rewind backs up. The password is never stored, only where backup-service finds it (one of its
-- environment variables or files), so reading this table yields no credential.
CREATE TABLE databases (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                 TEXT        NOT NULL CHECK (name ~ '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'),
    host                 TEXT        NOT NULL,
    port                 INTEGER     NOT NULL CHECK (port BETWEEN 1 AND 65535),
    database_name        TEXT        NOT NULL,
    username             TEXT        NOT NULL,
    password_env         TEXT,
    password_file        TEXT,
    -- Schema-qualified or bare table names that a restore must bring back; checked against a strict pattern
    -- because later steps put them into SQL.
    critical_tables      TEXT[]      NOT NULL DEFAULT '{}',
    -- Quartz-style cron expressions, as the scheduler reads them.
    backup_cron          TEXT        NOT NULL,
    verification_cron    TEXT        NOT NULL,
    retention_keep_last  INTEGER     NOT NULL DEFAULT 5 CHECK (retention_keep_last >= 1),
    retention_keep_days  INTEGER     NOT NULL DEFAULT 7 CHECK (retention_keep_days >= 0),
    max_backup_age_hours INTEGER     NOT NULL DEFAULT 4 CHECK (max_backup_age_hours >= 1),
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    CONSTRAINT databases_name_key UNIQUE (name),
    CONSTRAINT databases_password_reference_check CHECK (num_nonnulls(password_env, password_file) = 1)
);
