-- Prometheus Alertmanager's alerts, one row per alert fingerprint and start: the notifications Alertmanager repeats
-- for it are counted here, not opened as incidents again.
ALTER TABLE incidents DROP CONSTRAINT incidents_source_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_source_check CHECK (source IN ('ENGINEER', 'ANALYSIS', 'ALERT'));

CREATE TABLE alerts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fingerprint   TEXT        NOT NULL,
    starts_at     TIMESTAMPTZ NOT NULL,
    ends_at       TIMESTAMPTZ,
    -- Null when the alert's 'service' label is missing or not a service name: recorded, but it opens no incident.
    service       TEXT,
    status        TEXT        NOT NULL CHECK (status IN ('FIRING', 'RESOLVED')),
    group_key     TEXT        NOT NULL,
    alert_name    TEXT,
    labels        JSONB       NOT NULL,
    annotations   JSONB       NOT NULL,
    incident_id   UUID        REFERENCES incidents (id),
    first_seen    TIMESTAMPTZ NOT NULL,
    last_seen     TIMESTAMPTZ NOT NULL,
    notifications INTEGER     NOT NULL,
    received_by   TEXT        NOT NULL,
    -- What of the alert's labels and annotations could not be used, and why.
    notes         TEXT,
    UNIQUE (fingerprint, starts_at)
);
CREATE INDEX alerts_fingerprint_idx ON alerts (fingerprint, last_seen DESC);
CREATE INDEX alerts_group_idx ON alerts (group_key, service, last_seen DESC);
CREATE INDEX alerts_incident_idx ON alerts (incident_id);
CREATE INDEX alerts_seen_idx ON alerts (last_seen DESC, id DESC);
