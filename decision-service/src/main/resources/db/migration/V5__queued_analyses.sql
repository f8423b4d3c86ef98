-- Analyses that are queued or measuring: a request for the same service and release joins the one already there, and
-- at most rewind.decision.max-queued-analyses of them exist at once.
CREATE INDEX analyses_queued_idx ON analyses (service) WHERE phase IN ('PENDING', 'RUNNING');
CREATE INDEX analyses_created_idx ON analyses (created_at DESC, id DESC);
