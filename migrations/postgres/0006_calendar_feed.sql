-- A secret address per person for their action items' due dates in a calendar app.
-- Only a SHA-256 of the token is stored; making a new one revokes the old.
CREATE TABLE calendar_feed (
    user_id    BIGINT PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    token_hash TEXT    NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
