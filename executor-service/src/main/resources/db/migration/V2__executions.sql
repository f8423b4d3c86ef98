-- An execution and every one of its steps are written here before anything acts, so a crash, a restart or a second
-- replica finds the whole intended run and what has been done of it.
CREATE TABLE executions (
    id              UUID        PRIMARY KEY,
    target          TEXT        NOT NULL,
    plan_id         UUID        REFERENCES plans (id),
    incident_id     TEXT,
    -- The release being rolled back, as decision-service names it (for the rollback_start log line and the timeline).
    release_from    TEXT,
    release_to      TEXT,
    -- The client's Idempotency-Key: a repeat of the request finds this row instead of starting a second run.
    idempotency_key TEXT,
    dry_run         BOOLEAN     NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    reason          TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    created_by      TEXT        NOT NULL,
    started_at      TIMESTAMPTZ,
    ended_at        TIMESTAMPTZ,
    cancelled_by    TEXT,
    CONSTRAINT executions_idempotency_key_key UNIQUE (idempotency_key)
);

-- One real (not dry) execution per target at a time. In the database rather than in code, so two requests at the same
-- moment, or on two replicas, cannot both start one.
CREATE UNIQUE INDEX executions_one_active_per_target ON executions (target)
    WHERE status IN ('PENDING', 'RUNNING') AND NOT dry_run;
CREATE INDEX executions_target_created_idx ON executions (target, created_at DESC);

CREATE TABLE execution_steps (
    id                  UUID        PRIMARY KEY,
    execution_id        UUID        NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
    position            INTEGER     NOT NULL CHECK (position >= 0),
    name                TEXT        NOT NULL,
    kind                TEXT        NOT NULL,
    params              JSONB       NOT NULL,
    timeout_ms          BIGINT      NOT NULL CHECK (timeout_ms > 0),
    continue_on_failure BOOLEAN     NOT NULL,
    status              TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'CANCELLED')),
    attempts            INTEGER     NOT NULL DEFAULT 0,
    started_at          TIMESTAMPTZ,
    ended_at            TIMESTAMPTZ,
    -- A worker acts on a claimed step only until lease_until; a step whose lease has run out belongs to whichever
    -- worker claims it next (the first one died mid-step).
    claimed_by          TEXT,
    lease_until         TIMESTAMPTZ,
    -- A step that is waiting (a pause, a rollout in progress, an HTTP retry) is not attempted again before this.
    next_attempt_at     TIMESTAMPTZ,
    before_state        JSONB,
    after_state         JSONB,
    output              TEXT,
    error               TEXT,
    CONSTRAINT execution_steps_position_key UNIQUE (execution_id, position)
);

-- The worker's claim looks for the first unfinished step of each active execution.
CREATE INDEX execution_steps_open_idx ON execution_steps (execution_id, position) WHERE status IN ('PENDING', 'RUNNING');
