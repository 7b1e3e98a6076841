-- Accounts, teams, sessions and the audit trail.
-- Portable types only: INTEGER for ids, counts, 0/1 flags and UTC Unix milliseconds;
-- TEXT for strings and enums. No column defaults to the server clock.

-- "user" is reserved in PostgreSQL, hence app_user.
CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    is_admin      INTEGER NOT NULL DEFAULT 0,
    is_disabled   INTEGER NOT NULL DEFAULT 0,
    time_zone     TEXT    NOT NULL DEFAULT 'UTC',
    language      TEXT    NOT NULL DEFAULT 'en',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE team (
    id         INTEGER PRIMARY KEY,
    slug       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE membership (
    team_id    INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role       TEXT    NOT NULL CHECK (role IN ('owner', 'member', 'viewer')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX membership_user ON membership (user_id);

-- Only a SHA-256 of the cookie's random token is stored.
CREATE TABLE session (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    csrf_token   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX session_user ON session (user_id);

-- One-time password reset links made by an administrator.
CREATE TABLE password_reset (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT    NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_by INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

-- Failed sign-ins, counted per account (scope 'account') and per client ('client').
CREATE TABLE login_failure (
    id        INTEGER PRIMARY KEY,
    scope     TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    failed_at INTEGER NOT NULL
);
CREATE INDEX login_failure_subject ON login_failure (scope, subject, failed_at);

CREATE TABLE audit_event (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    action      TEXT    NOT NULL,
    object_type TEXT    NOT NULL,
    object_id   INTEGER NOT NULL,
    detail      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX audit_event_object ON audit_event (object_type, object_id);
