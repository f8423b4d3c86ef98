-- Webhook subscribers, told of every incident created, updated and resolved.
CREATE TABLE subscribers (
    id         UUID        PRIMARY KEY,
    name       TEXT        NOT NULL,
    url        TEXT        NOT NULL,
    format     TEXT        NOT NULL CHECK (format IN ('json', 'slack')),
    -- The HMAC-SHA256 key the receiver verifies signatures with. Kept as is: signing needs it, a hash would not do.
    secret     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- The delivery log, and the outbox: a delivery is written in the same transaction as the update it announces, so an
-- update is never announced without being stored, nor stored without being announced.
CREATE TABLE deliveries (
    id               UUID        PRIMARY KEY,
    subscriber_id    UUID        NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    incident_id      UUID        NOT NULL,
    event            TEXT        NOT NULL,
    -- Exactly the bytes sent and signed.
    payload          TEXT        NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER     NOT NULL,
    last_status_code INTEGER,
    last_error       TEXT,
    next_attempt_at  TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    delivered_at     TIMESTAMPTZ
);
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_subscriber_idx ON deliveries (subscriber_id, created_at DESC);
