-- Email (only when SMTP is configured; see src/email). Readers subscribe to the public
-- reviews with double opt-in; action item owners get their reminders.

-- A reader's address is shown to nobody. Only a SHA-256 of the confirmation token is
-- kept; unsubscribe tokens are per email (email_outbox.unsubscribe_token_hash).
CREATE TABLE email_subscriber (
    id                 INTEGER PRIMARY KEY,
    address            TEXT    NOT NULL UNIQUE,
    -- The language the reader subscribed in; their emails are written in it.
    language           TEXT    NOT NULL,
    confirm_token_hash TEXT    UNIQUE,
    confirm_expires_at INTEGER,
    -- The last time a confirmation was asked for, and by which client (a SHA-256 of its
    -- address, never the address), to throttle repeated requests.
    requested_at       INTEGER NOT NULL,
    requested_by       TEXT    NOT NULL,
    confirmed_at       INTEGER,
    unsubscribed_at    INTEGER,
    created_at         INTEGER NOT NULL
);
CREATE INDEX email_subscriber_requested_by ON email_subscriber (requested_by, requested_at);

-- Emails waiting to go out, and what happened to them. Requests only add rows here; a
-- background sender claims due rows (see email::worker) so that each goes out once.
CREATE TABLE email_outbox (
    id                     INTEGER PRIMARY KEY,
    kind                   TEXT    NOT NULL CHECK (kind IN ('confirm', 'review', 'reminder')),
    recipient              TEXT    NOT NULL,
    subject                TEXT    NOT NULL,
    -- Emptied once sent, with list_unsubscribe: both hold a working unsubscribe link.
    body_text              TEXT    NOT NULL,
    list_unsubscribe       TEXT,
    unsubscribe_token_hash TEXT    UNIQUE,
    subscriber_id          INTEGER REFERENCES email_subscriber (id) ON DELETE CASCADE,
    review_id              INTEGER REFERENCES review (id) ON DELETE CASCADE,
    -- One email per subscriber and revision, per action item and reminder reason.
    dedupe_key             TEXT    UNIQUE,
    created_at             INTEGER NOT NULL,
    attempts               INTEGER NOT NULL DEFAULT 0,
    next_attempt_at        INTEGER NOT NULL,
    claim                  TEXT,
    sent_at                INTEGER,
    last_error             TEXT
);
CREATE INDEX email_outbox_pending ON email_outbox (sent_at, next_attempt_at);
CREATE INDEX email_outbox_subscriber ON email_outbox (subscriber_id);
