-- People are told: notification channels and on-call escalation order written by admins, and an outbox of deliveries
-- fed from the incident timeline.

-- The timeline is the notifier's source: an event is handled once a job has written its deliveries, in the same
-- transaction. Events from before this migration are marked handled, so an upgrade sends nothing about old incidents.
ALTER TABLE incident_events ADD COLUMN notified_at TIMESTAMPTZ;
UPDATE incident_events SET notified_at = at;
CREATE INDEX incident_events_unnotified_idx ON incident_events (id) WHERE notified_at IS NULL;

-- Where notifications go. The kind's settings (URLs, SMTP server, secret references, never secret values) are one
-- JSON object; the filter says which events and services the channel receives (absent: every event, every service).
CREATE TABLE notification_channels (
    name        TEXT        PRIMARY KEY,
    kind        TEXT        NOT NULL CHECK (kind IN ('slack', 'webhook', 'email')),
    description TEXT,
    enabled     BOOLEAN     NOT NULL,
    filter      JSONB       NOT NULL,
    settings    JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT        NOT NULL
);

-- Who is on call for a service, in escalation order (seed 004's Emergency Contacts); service '*' is the default.
CREATE TABLE escalation_policies (
    service     TEXT        PRIMARY KEY,
    on_call     JSONB       NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT        NOT NULL
);

-- The outbox and the delivery log: one row per event and channel, written with the event's handling, sent by the
-- sender job with retries. The unique key makes a second row for the same event and channel impossible.
CREATE TABLE notification_deliveries (
    id               UUID        PRIMARY KEY,
    incident_id      UUID        NOT NULL REFERENCES incidents (id),
    event_id         BIGINT      NOT NULL REFERENCES incident_events (id),
    event            TEXT        NOT NULL,
    channel          TEXT        NOT NULL,
    kind             TEXT        NOT NULL CHECK (kind IN ('slack', 'webhook', 'email')),
    escalation_order INTEGER,
    recipients       JSONB,
    subject          TEXT,
    -- Exactly the body sent (and, for webhooks, signed).
    body             TEXT        NOT NULL,
    state            TEXT        NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         INTEGER     NOT NULL,
    last_status_code INTEGER,
    last_error       TEXT,
    next_attempt_at  TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    delivered_at     TIMESTAMPTZ,
    CONSTRAINT notification_deliveries_once UNIQUE (event_id, channel)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX notification_deliveries_incident_idx ON notification_deliveries (incident_id, created_at DESC);
CREATE INDEX notification_deliveries_created_idx ON notification_deliveries (created_at DESC, id DESC);

-- Reminders the scanners raise (deadline near, overdue at each escalation step, status page stale), each at most once
-- per incident and step whichever replica sees it first.
CREATE TABLE notification_reminders (
    incident_id UUID        NOT NULL REFERENCES incidents (id),
    kind        TEXT        NOT NULL,
    step        TEXT        NOT NULL,
    -- The escalation level the reminder goes to (1: the first of the on-call list), and the timeline event it wrote.
    level       INTEGER     NOT NULL,
    event_id    BIGINT      REFERENCES incident_events (id),
    raised_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (incident_id, kind, step)
);
CREATE INDEX notification_reminders_event_idx ON notification_reminders (event_id);
