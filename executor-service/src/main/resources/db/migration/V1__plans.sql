-- Plans are versioned like policies: a change inserts the next version and never rewrites one, so an execution can
-- name exactly the steps it ran.
CREATE TABLE plans (
    id          UUID        PRIMARY KEY,
    name        TEXT        NOT NULL,
    service     TEXT        NOT NULL,
    version     INTEGER     NOT NULL CHECK (version > 0),
    description TEXT,
    -- {"items": [...]}: an object, because Hibernate Reactive cannot bind a top-level JSON array.
    steps       JSONB       NOT NULL CHECK (jsonb_typeof(steps -> 'items') = 'array'),
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    -- Two admins saving the same plan at once both compute the same next version: one of them must lose.
    CONSTRAINT plans_name_version_key UNIQUE (name, version)
);

CREATE INDEX plans_service_idx ON plans (service);
