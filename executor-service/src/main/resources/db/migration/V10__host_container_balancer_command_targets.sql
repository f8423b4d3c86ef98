-- Issue 16's target kinds, added together so that each can land on its own: docker (a Docker Engine API, Compose
-- services or plain containers), host (a Git working copy run under PM2 or systemd), aws-alb (an ELBv2 listener) and
-- commands (an admin's allowed commands, such as a framework's migration rollback, with the database they change).
ALTER TABLE targets DROP CONSTRAINT targets_kind_check;
ALTER TABLE targets ADD CONSTRAINT targets_kind_check CHECK (kind IN ('kubernetes', 'nginx', 'unleash', 'flagd',
    'postgres', 'http', 'prometheus', 'backup', 'web', 'docker', 'host', 'aws-alb', 'commands'));
