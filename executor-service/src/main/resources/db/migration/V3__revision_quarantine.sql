-- Revisions of a Deployment known to be bad: "previous" skips them when a rollback picks its target, so an undo never
-- lands on a release that already failed.
CREATE TABLE revision_quarantine (
    namespace   TEXT        NOT NULL,
    deployment  TEXT        NOT NULL,
    revision    BIGINT      NOT NULL CHECK (revision > 0),
    reason      TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    PRIMARY KEY (namespace, deployment, revision)
);
