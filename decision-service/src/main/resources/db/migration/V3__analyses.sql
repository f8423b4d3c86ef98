-- Analyses of live metrics (Argo Rollouts' AnalysisRun): every measurement stored, at most once per index.
CREATE TABLE analyses (
    id                  UUID PRIMARY KEY,
    service             TEXT        NOT NULL,
    phase               TEXT        NOT NULL CHECK (phase IN ('PENDING', 'RUNNING', 'SUCCESSFUL', 'FAILED', 'INCONCLUSIVE', 'ERROR')),
    spec                JSONB       NOT NULL,
    baselines           JSONB,
    rounds_taken        INTEGER     NOT NULL DEFAULT 0,
    next_measurement_at TIMESTAMPTZ,
    message             TEXT,
    incident_id         UUID REFERENCES incidents (id),
    created_by          TEXT        NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    started_at          TIMESTAMPTZ,
    ended_at            TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX analyses_due_idx ON analyses (next_measurement_at) WHERE phase = 'RUNNING';

CREATE TABLE measurements (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    analysis_id UUID        NOT NULL REFERENCES analyses (id),
    metric      TEXT        NOT NULL,
    round       INTEGER     NOT NULL,
    phase       TEXT        NOT NULL CHECK (phase IN ('SUCCESSFUL', 'FAILED', 'INCONCLUSIVE', 'ERROR')),
    value       DOUBLE PRECISION,
    baseline    DOUBLE PRECISION,
    message     TEXT        NOT NULL,
    taken_at    TIMESTAMPTZ NOT NULL,
    CONSTRAINT measurements_once UNIQUE (analysis_id, metric, round)
);
