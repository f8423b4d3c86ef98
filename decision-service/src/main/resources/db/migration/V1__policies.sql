-- Policies are versioned: a change inserts the next version, so a decision can name the rules it applied.
CREATE TABLE policy_versions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service     TEXT        NOT NULL,
    version     INTEGER     NOT NULL CHECK (version > 0),
    rules       JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    comment     TEXT,
    CONSTRAINT policy_versions_service_version_key UNIQUE (service, version)
);
