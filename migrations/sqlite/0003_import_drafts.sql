-- Uploads waiting for the person to confirm their preview. Kept a day at most.
CREATE TABLE import_draft (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    file_name  TEXT    NOT NULL,
    format     TEXT,
    timezone   TEXT,
    content    BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX import_draft_created ON import_draft (created_at);
