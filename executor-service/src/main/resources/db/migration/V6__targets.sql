-- Targets: where and with what the executor acts, written by admins. Steps name one and say only what to do there.
CREATE TABLE targets (
    name        TEXT PRIMARY KEY,
    kind        TEXT        NOT NULL CHECK (kind IN ('kubernetes', 'nginx', 'unleash', 'flagd', 'postgres', 'http',
                                                     'prometheus', 'backup')),
    description TEXT,
    spec        JSONB       NOT NULL,
    source      TEXT        NOT NULL CHECK (source IN ('API', 'FILE')),
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT        NOT NULL
);

-- Each step of an execution runs against the target it named; null for kinds that act on nothing outside Rewind.
ALTER TABLE execution_steps ADD COLUMN target TEXT;

-- Inline steps are an admin's break-glass path; such executions say so.
ALTER TABLE executions ADD COLUMN break_glass BOOLEAN NOT NULL DEFAULT false;
