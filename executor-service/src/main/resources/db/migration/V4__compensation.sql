-- An operator may ask a finished step to undo itself (scale back, switch back, template back). Recorded on the step;
-- compensation_started_at is set first, by a conditional update, so a step is compensated at most once.
ALTER TABLE execution_steps
    ADD COLUMN compensation_started_at TIMESTAMPTZ,
    ADD COLUMN compensated_by          TEXT,
    ADD COLUMN compensation_ended_at   TIMESTAMPTZ,
    ADD COLUMN compensation_output     TEXT,
    ADD COLUMN compensation_error      TEXT;
