-- Customer-facing post-incident reviews: drafts, the one approval step, published
-- revisions, reader feedback, and the public site's settings.

-- Small teams may publish without a second pair of eyes; the default asks for one.
ALTER TABLE team ADD COLUMN review_approval INTEGER NOT NULL DEFAULT 1;
-- Newline-separated names the public should not see (internal services, hosts, teams),
-- and extra phrases the team wants flagged as blame. Used by the guidance checks.
ALTER TABLE team ADD COLUMN internal_names TEXT NOT NULL DEFAULT '';
ALTER TABLE team ADD COLUMN blame_phrases TEXT NOT NULL DEFAULT '';

-- Instance-wide settings of the public site: site name, logo, accent colour.
CREATE TABLE site_setting (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE review (
    id                INTEGER PRIMARY KEY,
    team_id           INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    incident_id       INTEGER NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
    author_id         INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    -- The working copy: what the editor shows and what the next publication will say.
    title             TEXT    NOT NULL,
    body_markdown     TEXT    NOT NULL,
    -- Where the working copy is in the workflow. A published review stays public while
    -- its working copy goes through the workflow again as a correction.
    status            TEXT    NOT NULL CHECK (status IN ('draft', 'in_review', 'approved', 'published', 'retracted')),
    -- Set on first publication and never changed, so links keep working.
    slug              TEXT    UNIQUE,
    approved_by       INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    approved_at       INTEGER,
    published_at      INTEGER,
    retracted_at      INTEGER,
    retraction_reason TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX review_team ON review (team_id, updated_at);
CREATE INDEX review_incident ON review (incident_id);

-- Who the author asked to review the working copy.
CREATE TABLE review_reviewer (
    review_id    INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    requested_at INTEGER NOT NULL,
    PRIMARY KEY (review_id, user_id)
);

-- Team comments on the draft, kept after approval.
CREATE TABLE review_comment (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX review_comment_review ON review_comment (review_id, id);

-- Each publication, frozen: the HTML is rendered and sanitized once, here.
CREATE TABLE review_revision (
    id            INTEGER PRIMARY KEY,
    review_id     INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    number        INTEGER NOT NULL,
    title         TEXT    NOT NULL,
    summary       TEXT    NOT NULL,
    body_markdown TEXT    NOT NULL,
    body_html     TEXT    NOT NULL,
    -- JSON array of the services the incident affected, for the public index's filter.
    services      TEXT    NOT NULL DEFAULT '[]',
    impact_start  INTEGER,
    impact_end    INTEGER,
    -- The public note of what a correction changed; empty for the first publication.
    change_note   TEXT    NOT NULL DEFAULT '',
    published_by  INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    published_at  INTEGER NOT NULL,
    UNIQUE (review_id, number)
);

-- "Was this review clear?" from readers, who are not signed in. Stored as plain text.
CREATE TABLE review_feedback (
    id         INTEGER PRIMARY KEY,
    review_id  INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    was_clear  INTEGER NOT NULL,
    comment    TEXT    NOT NULL DEFAULT '',
    -- A SHA-256 of the reader's address, for the rate limit; never the address itself.
    client_key TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX review_feedback_review ON review_feedback (review_id, id);
CREATE INDEX review_feedback_client ON review_feedback (client_key, created_at);

-- Announcements of publications through the team's webhook, one per revision.
CREATE TABLE review_notification (
    id              INTEGER PRIMARY KEY,
    revision_id     INTEGER NOT NULL UNIQUE REFERENCES review_revision (id) ON DELETE CASCADE,
    team_id         INTEGER NOT NULL REFERENCES team (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    last_error      TEXT
);
CREATE INDEX review_notification_pending ON review_notification (delivered_at, next_attempt_at);
