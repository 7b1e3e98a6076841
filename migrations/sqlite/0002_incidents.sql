-- Incidents, their timelines, API tokens, and the team's communication target.

-- How often the team means to update customers during an incident.
ALTER TABLE team ADD COLUMN target_cadence_minutes INTEGER NOT NULL DEFAULT 60;

CREATE TABLE incident (
    id                INTEGER PRIMARY KEY,
    team_id           INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    title             TEXT    NOT NULL,
    severity          TEXT,
    summary           TEXT,
    customer_impact   TEXT,
    -- JSON array of service names.
    affected_services TEXT    NOT NULL DEFAULT '[]',
    started_at        INTEGER,
    detected_at       INTEGER,
    acknowledged_at   INTEGER,
    mitigated_at      INTEGER,
    resolved_at       INTEGER,
    source_format     TEXT    NOT NULL,
    source_ref        TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    -- Importing the same source incident again finds this row.
    UNIQUE (team_id, source_format, source_ref)
);
CREATE INDEX incident_team_started ON incident (team_id, started_at);

CREATE TABLE timeline_entry (
    id             INTEGER PRIMARY KEY,
    incident_id    INTEGER NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    occurred_at    INTEGER NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('alert', 'detection', 'action', 'decision',
                       'observation', 'escalation', 'communication', 'resolution', 'note')),
    actor          TEXT,
    text           TEXT    NOT NULL,
    visibility     TEXT    NOT NULL CHECK (visibility IN ('internal', 'public')),
    is_key_moment  INTEGER NOT NULL DEFAULT 0,
    -- The entry's identity in its source; entries added by hand get 'manual:<uuid>'.
    source_ref     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (incident_id, source_ref)
);
CREATE INDEX timeline_entry_incident_time ON timeline_entry (incident_id, occurred_at, id);

-- Personal API tokens; only a SHA-256 of the token is stored.
CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE INDEX api_token_user ON api_token (user_id);
