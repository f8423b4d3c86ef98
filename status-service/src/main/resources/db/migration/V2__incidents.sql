-- Incidents and scheduled maintenances share one table, as Statuspage models a maintenance as an incident with a
-- schedule: the same updates, the same components, a different set of statuses.
CREATE TABLE incidents (
    id              UUID        PRIMARY KEY,
    kind            TEXT        NOT NULL CHECK (kind IN ('incident', 'maintenance')),
    name            TEXT        NOT NULL,
    status          TEXT        NOT NULL,
    impact          TEXT        NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical', 'maintenance')),
    -- The components this incident holds, with the status it holds each in: {"components": [{"id", "status"}]}.
    -- An object, not a bare array: Hibernate Reactive cannot write a JSON column whose top level is an array.
    components      JSONB       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    monitoring_at   TIMESTAMPTZ,
    resolved_at     TIMESTAMPTZ,
    -- When the newest update was posted: what "stale" is measured from.
    last_update_at  TIMESTAMPTZ NOT NULL,
    scheduled_for   TIMESTAMPTZ,
    scheduled_until TIMESTAMPTZ,
    CHECK ((kind = 'incident' AND status IN ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem'))
        OR (kind = 'maintenance' AND status IN ('scheduled', 'in_progress', 'verifying', 'completed')
            AND scheduled_for IS NOT NULL AND scheduled_until IS NOT NULL AND scheduled_until > scheduled_for))
);
CREATE INDEX incidents_open_idx ON incidents (kind) WHERE status NOT IN ('resolved', 'postmortem', 'completed');
CREATE INDEX incidents_started_at_idx ON incidents (started_at DESC);

CREATE TABLE incident_updates (
    id                  UUID        PRIMARY KEY,
    incident_id         UUID        NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    status              TEXT        NOT NULL,
    body                TEXT        NOT NULL,
    -- What this update did to components, as readers saw it: {"components": [{code, name, old_status, new_status}]}.
    affected_components JSONB       NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    display_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX incident_updates_incident_idx ON incident_updates (incident_id, created_at DESC);

-- Reusable texts for updates, with {{placeholders}}; the runbooks' three are seeded.
CREATE TABLE templates (
    id         UUID        PRIMARY KEY,
    name       TEXT        NOT NULL,
    status     TEXT        NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem')),
    body       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX templates_name_key ON templates (lower(name));

INSERT INTO templates (id, name, status, body, created_at, updated_at) VALUES
('00000000-0000-0000-0000-000000000001', 'initial', 'identified',
 'We are currently experiencing issues with {{service}}. Our engineering team has identified the problem and is implementing a fix. We expect resolution within {{eta}}.

Impact: {{impact}}

Updates will be provided every 15 minutes.', now(), now()),
('00000000-0000-0000-0000-000000000002', 'progress', 'monitoring',
 'Update: We are actively working on resolving the issue with {{service}}. Our team has made progress and we expect full service restoration within {{eta}}.', now(), now()),
('00000000-0000-0000-0000-000000000003', 'resolution', 'resolved',
 'Resolved: The issue affecting {{service}} has been resolved. All systems are now operating normally. We apologize for any inconvenience. A full incident report will be published within 24 hours.', now(), now());
