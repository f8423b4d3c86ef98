-- Components and groups as Statuspage models them. A group is a heading over its members: its status is derived
-- from theirs, so it stores none.
CREATE TABLE component_groups (
    id          UUID        PRIMARY KEY,
    name        TEXT        NOT NULL,
    description TEXT,
    position    INTEGER     NOT NULL CHECK (position > 0),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
-- Two headings that read the same on the page, whatever their case, would confuse readers.
CREATE UNIQUE INDEX component_groups_name_key ON component_groups (lower(name));

CREATE TABLE components (
    id                    UUID        PRIMARY KEY,
    name                  TEXT        NOT NULL,
    description           TEXT,
    -- Within the group, or among the page's top-level entries (groups and ungrouped components) when group_id is null.
    position              INTEGER     NOT NULL CHECK (position > 0),
    status                TEXT        NOT NULL CHECK (status IN
                              ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
    -- No cascade: deleting a group that still holds components is refused, never silently ungroups them.
    group_id              UUID        REFERENCES component_groups (id),
    showcase              BOOLEAN     NOT NULL,
    only_show_if_degraded BOOLEAN     NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX components_name_key ON components (lower(name));
CREATE INDEX components_group_id_idx ON components (group_id);
