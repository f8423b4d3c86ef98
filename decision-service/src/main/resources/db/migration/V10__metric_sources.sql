-- Metric sources: JSON APIs (Datadog, New Relic, Sentry, ...) that analyses ask, as Argo Rollouts' web provider does.
-- Written by admins: a base URL, headers with secrets by reference only, a timeout. An analysis names one and gives a
-- path under its base URL and a JSONPath.
CREATE TABLE metric_sources (
    name        TEXT PRIMARY KEY,
    kind        TEXT        NOT NULL CHECK (kind IN ('web')),
    description TEXT,
    spec        JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT        NOT NULL
);
