-- web: a JSON API (Datadog, New Relic, Sentry, ...) that verify.metric asks, as Argo Rollouts' web provider does.
ALTER TABLE targets DROP CONSTRAINT targets_kind_check;
ALTER TABLE targets ADD CONSTRAINT targets_kind_check CHECK (kind IN ('kubernetes', 'nginx', 'unleash', 'flagd',
    'postgres', 'http', 'prometheus', 'backup', 'web'));
