-- decision-service checks that the execution executor-service answers with is the rollback it asked for: it records the
-- plan it asked to run, and an incident whose answer differs is held for a human (ESCALATED, dispatch HELD) instead of
-- being resolved from someone else's execution.
ALTER TABLE incidents ADD COLUMN plan_id TEXT;

ALTER TABLE incidents DROP CONSTRAINT incidents_status_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_status_check CHECK (status IN ('OPEN', 'PENDING_APPROVAL', 'APPROVED',
    'REJECTED', 'ROLLING_BACK', 'RESOLVED', 'FAILED', 'ESCALATED'));

ALTER TABLE incidents DROP CONSTRAINT incidents_dispatch_state_check;
ALTER TABLE incidents ADD CONSTRAINT incidents_dispatch_state_check CHECK (dispatch_state IN ('NONE', 'PENDING',
    'ACCEPTED', 'FAILED', 'HELD'));

-- Incidents page newest first; the id breaks ties so that no incident is on two pages or on none.
CREATE INDEX incidents_detected_idx ON incidents (detected_at DESC, id DESC);
