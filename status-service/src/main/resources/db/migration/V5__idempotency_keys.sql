-- Idempotency-Key on POST /api/admin/incidents and POST /api/admin/incidents/{id}/updates: the first request under a
-- caller's key is recorded here in the same transaction as what it created, so a repeat (a client retrying after a
-- timeout) finds this row and answers with the same incident or update instead of posting a second one.
CREATE TABLE idempotency_keys (
    id              UUID        PRIMARY KEY,
    -- The API key's name: keys are scoped per caller, so two callers never collide on a key.
    caller          TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    -- SHA-256 of what was asked (the operation, the incident it names, the body): the same key with another request
    -- is refused with 422 rather than answered with the first request's result.
    request_sha256  TEXT        NOT NULL,
    -- Written first, filled in when the incident and update exist (same transaction, so never seen empty).
    incident_id     UUID        REFERENCES incidents (id) ON DELETE CASCADE,
    update_id       UUID        REFERENCES incident_updates (id) ON DELETE CASCADE,
    created_at      TIMESTAMPTZ NOT NULL,
    -- Two requests racing with the same key: the second insert waits for the first transaction, then fails here.
    CONSTRAINT idempotency_keys_caller_key UNIQUE (caller, idempotency_key)
);
