-- The language a team's webhook messages are written in (a team channel has no one
-- reader's setting to follow).
ALTER TABLE team_webhook ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
