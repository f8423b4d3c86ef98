-- A subscriber keeps at most rewind.status.webhooks.max-pending-per-subscriber pending deliveries; older ones beyond
-- that are marked dropped (kept in the log, never sent), so a receiver that is down cannot make the queue grow without
-- bound however many updates are posted.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
    CHECK (status IN ('pending', 'delivered', 'failed', 'dropped'));
