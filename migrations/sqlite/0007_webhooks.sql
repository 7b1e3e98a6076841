-- A team's outgoing webhook for action item notifications.
CREATE TABLE team_webhook (
    team_id    INTEGER PRIMARY KEY REFERENCES team (id) ON DELETE CASCADE,
    url        TEXT    NOT NULL,
    -- 'slack' ({"text": …}) or 'generic' (a JSON event signed with HMAC-SHA256).
    format     TEXT    NOT NULL CHECK (format IN ('slack', 'generic')),
    -- Kept to sign deliveries: the receiver holds the same secret.
    secret     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

-- Notifications waiting to go out, and what happened to them. One per item and
-- reason, so nobody is told twice that the same item became overdue.
CREATE TABLE action_notification (
    id              INTEGER PRIMARY KEY,
    action_id       INTEGER NOT NULL REFERENCES action_item (id) ON DELETE CASCADE,
    team_id         INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    reason          TEXT    NOT NULL CHECK (reason IN ('created', 'done', 'due_soon', 'overdue')),
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    last_error      TEXT,
    UNIQUE (action_id, reason)
);
CREATE INDEX action_notification_pending ON action_notification (delivered_at, next_attempt_at);
