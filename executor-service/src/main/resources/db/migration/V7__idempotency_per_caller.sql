-- An Idempotency-Key names one caller's request, not a slot every key shares: another key's request under the same
-- Idempotency-Key (an incident id anyone can read) must never be taken as that caller's execution.
ALTER TABLE executions DROP CONSTRAINT executions_idempotency_key_key;
ALTER TABLE executions ADD CONSTRAINT executions_idempotency_key_per_caller UNIQUE (created_by, idempotency_key);
