-- Releases (seed 003's preflight): what was deployed, what it goes back to, and whether it was safe to deploy.
CREATE TABLE releases (
    id               UUID PRIMARY KEY,
    service          TEXT        NOT NULL,
    version          TEXT        NOT NULL,
    image            TEXT,
    commit_sha       TEXT,
    -- The version a rollback goes back to: the previous release's, unless the request named another.
    last_known_good  TEXT,
    migration        TEXT        NOT NULL CHECK (migration IN ('NONE', 'ADDITIVE', 'REVERSIBLE', 'IRREVERSIBLE')),
    down_migration   TEXT,
    feature_flag     TEXT,
    blue_green       BOOLEAN     NOT NULL,
    database_name    TEXT,
    status           TEXT        NOT NULL CHECK (status IN ('PREFLIGHT_RUNNING', 'READY', 'PREFLIGHT_FAILED')),
    preflight        JSONB       NOT NULL,
    -- The backup the preflight takes and verifies when asked: the job's state, written before each call.
    backup_stage     TEXT        CHECK (backup_stage IN ('REQUESTED', 'TAKING', 'VERIFYING', 'DONE')),
    backup_id        TEXT,
    backup_deadline  TIMESTAMPTZ,
    next_check_at    TIMESTAMPTZ,
    analysis_id      UUID,
    released_at      TIMESTAMPTZ NOT NULL,
    released_by      TEXT        NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX releases_service_idx ON releases (service, released_at DESC, id DESC);
CREATE INDEX releases_released_idx ON releases (released_at DESC, id DESC);
CREATE INDEX releases_due_idx ON releases (next_check_at) WHERE status = 'PREFLIGHT_RUNNING';

-- An incident links to the release it happened after.
ALTER TABLE incidents ADD COLUMN release_id UUID REFERENCES releases (id);
