-- An update's status is one of its incident's or maintenance's statuses, as the incidents table already insists for
-- the incident itself; the entity reads it as an enum, so a stray value would make the whole timeline unreadable.
ALTER TABLE incident_updates ADD CONSTRAINT incident_updates_status_check CHECK (status IN
    ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem',
     'scheduled', 'in_progress', 'verifying', 'completed'));
