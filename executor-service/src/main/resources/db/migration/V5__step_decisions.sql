-- An approval step waits for a person. Their decision is written on the step by the approve or reject endpoint, and the
-- worker acts on it the next time it looks at the step, so the decision survives a restart like everything else.
ALTER TABLE execution_steps
    ADD COLUMN decision         TEXT CHECK (decision IN ('APPROVED', 'REJECTED')),
    ADD COLUMN decided_by       TEXT,
    ADD COLUMN decided_at       TIMESTAMPTZ,
    ADD COLUMN decision_comment TEXT;
