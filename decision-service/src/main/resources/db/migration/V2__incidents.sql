-- An incident, the decision taken on it (seed 002's decision template), and its way to a rollback.
CREATE TABLE incidents (
    id                UUID PRIMARY KEY,
    service           TEXT        NOT NULL,
    title             TEXT        NOT NULL,
    status            TEXT        NOT NULL CHECK (status IN ('OPEN', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED',
                                                             'ROLLING_BACK', 'RESOLVED', 'FAILED')),
    source            TEXT        NOT NULL CHECK (source IN ('ENGINEER', 'ANALYSIS')),
    analysis_id       UUID,
    signals           JSONB       NOT NULL,
    assessment        JSONB       NOT NULL,
    policy_version    INTEGER     NOT NULL,
    decision          TEXT        NOT NULL,
    impact_score      DOUBLE PRECISION,
    approval_level    TEXT        NOT NULL,
    approval_due_at   TIMESTAMPTZ NOT NULL,
    detected_at       TIMESTAMPTZ NOT NULL,
    decided_at        TIMESTAMPTZ NOT NULL,
    reported_by       TEXT        NOT NULL,
    authorised_by     TEXT,
    authorised_at     TIMESTAMPTZ,
    -- The request to executor-service: written with the approval, sent by the dispatcher until accepted.
    dispatch_state    TEXT        NOT NULL DEFAULT 'NONE' CHECK (dispatch_state IN ('NONE', 'PENDING', 'ACCEPTED', 'FAILED')),
    dispatch_attempts INTEGER     NOT NULL DEFAULT 0,
    dispatch_error    TEXT,
    next_dispatch_at  TIMESTAMPTZ,
    execution_id      TEXT,
    resolved_at       TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX incidents_service_idx ON incidents (service, detected_at DESC);
CREATE INDEX incidents_dispatch_idx ON incidents (next_dispatch_at) WHERE dispatch_state = 'PENDING';

CREATE TABLE approvals (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id UUID        NOT NULL REFERENCES incidents (id),
    action      TEXT        NOT NULL CHECK (action IN ('APPROVE', 'REJECT')),
    actor       TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    comment     TEXT,
    late        BOOLEAN     NOT NULL
);
CREATE INDEX approvals_incident_idx ON approvals (incident_id);

-- What happened to an incident on this service's side, in order: the timeline's own source.
CREATE TABLE incident_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id UUID        NOT NULL REFERENCES incidents (id),
    at          TIMESTAMPTZ NOT NULL,
    kind        TEXT        NOT NULL,
    actor       TEXT,
    detail      TEXT        NOT NULL
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, at);
