-- Live retrospective meetings, their cards, themes, votes and notes; action items.

-- A team's own prompt sets; the built-in templates live in the code.
CREATE TABLE retro_template (
    id         INTEGER PRIMARY KEY,
    team_id    INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    -- JSON array of {"title", "description"} in the order they are shown.
    prompts    TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX retro_template_team ON retro_template (team_id);

CREATE TABLE retro (
    id                INTEGER PRIMARY KEY,
    team_id           INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    incident_id       INTEGER NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    facilitator_id    INTEGER NOT NULL REFERENCES app_user (id),
    template_name     TEXT    NOT NULL,
    phase             TEXT    NOT NULL CHECK (phase IN ('prepare', 'timeline', 'reflect', 'group',
                          'vote', 'discuss', 'actions', 'closed')),
    vote_limit        INTEGER NOT NULL,
    is_anonymous      INTEGER NOT NULL,
    is_revealed       INTEGER NOT NULL DEFAULT 0,
    hide_votes        INTEGER NOT NULL DEFAULT 0,
    -- Optional time box per phase, in minutes.
    phase_minutes     INTEGER,
    phase_started_at  INTEGER NOT NULL,
    discuss_theme_id  INTEGER,
    timer_ends_at     INTEGER,
    created_at        INTEGER NOT NULL,
    closed_at         INTEGER
);
CREATE INDEX retro_incident ON retro (incident_id);

CREATE TABLE retro_prompt (
    id          INTEGER PRIMARY KEY,
    retro_id    INTEGER NOT NULL REFERENCES retro (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    description TEXT    NOT NULL
);
CREATE INDEX retro_prompt_retro ON retro_prompt (retro_id, position);

CREATE TABLE retro_theme (
    id         INTEGER PRIMARY KEY,
    retro_id   INTEGER NOT NULL REFERENCES retro (id) ON DELETE CASCADE,
    title      TEXT    NOT NULL,
    created_by INTEGER NOT NULL REFERENCES app_user (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX retro_theme_retro ON retro_theme (retro_id);

-- The author is kept for permissions (editing one's own card) but never shown when the
-- retro is anonymous.
CREATE TABLE retro_card (
    id         INTEGER PRIMARY KEY,
    retro_id   INTEGER NOT NULL REFERENCES retro (id) ON DELETE CASCADE,
    prompt_id  INTEGER NOT NULL REFERENCES retro_prompt (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES app_user (id),
    text       TEXT    NOT NULL,
    theme_id   INTEGER REFERENCES retro_theme (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX retro_card_retro ON retro_card (retro_id, prompt_id);

-- A person's votes fill numbered slots 1..vote_limit: the unique slot makes the limit
-- hold even when two votes arrive at once.
CREATE TABLE retro_vote (
    id         INTEGER PRIMARY KEY,
    retro_id   INTEGER NOT NULL REFERENCES retro (id) ON DELETE CASCADE,
    theme_id   INTEGER NOT NULL REFERENCES retro_theme (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES app_user (id),
    slot       INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (retro_id, user_id, slot)
);
CREATE INDEX retro_vote_theme ON retro_vote (theme_id);

CREATE TABLE retro_note (
    id         INTEGER PRIMARY KEY,
    retro_id   INTEGER NOT NULL REFERENCES retro (id) ON DELETE CASCADE,
    theme_id   INTEGER NOT NULL REFERENCES retro_theme (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES app_user (id),
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX retro_note_theme ON retro_note (theme_id);

-- Questions participants attach to timeline entries during the Timeline phase.
CREATE TABLE retro_question (
    id         INTEGER PRIMARY KEY,
    retro_id   INTEGER NOT NULL REFERENCES retro (id) ON DELETE CASCADE,
    entry_id   INTEGER NOT NULL REFERENCES timeline_entry (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES app_user (id),
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX retro_question_retro ON retro_question (retro_id);

-- Everyone who joined the meeting (for the summary's attendee list).
CREATE TABLE retro_attendee (
    retro_id  INTEGER NOT NULL REFERENCES retro (id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL REFERENCES app_user (id),
    joined_at INTEGER NOT NULL,
    PRIMARY KEY (retro_id, user_id)
);

CREATE TABLE action_item (
    id           INTEGER PRIMARY KEY,
    team_id      INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    incident_id  INTEGER NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    retro_id     INTEGER REFERENCES retro (id) ON DELETE SET NULL,
    theme_id     INTEGER REFERENCES retro_theme (id) ON DELETE SET NULL,
    card_id      INTEGER REFERENCES retro_card (id) ON DELETE SET NULL,
    title        TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    type         TEXT    NOT NULL CHECK (type IN ('prevent', 'mitigate', 'detect', 'process', 'communicate')),
    owner_id     INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    priority     TEXT    NOT NULL CHECK (priority IN ('P1', 'P2', 'P3')),
    due_date     TEXT,
    status       TEXT    NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'wont_do')),
    status_reason TEXT,
    external_url TEXT,
    is_public    INTEGER NOT NULL DEFAULT 0,
    created_by   INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    closed_at    INTEGER
);
CREATE INDEX action_item_team_status ON action_item (team_id, status, due_date);
CREATE INDEX action_item_incident ON action_item (incident_id);
