-- Publications still to be announced by email. Written in the publishing transaction
-- (only when email is on), so a crash between publishing and queueing the emails loses
-- no announcement. The sender turns each into one email per subscriber and deletes it,
-- in one transaction, so each is announced once across instances.
CREATE TABLE email_announcement (
    revision_id INTEGER PRIMARY KEY REFERENCES review_revision (id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL
);
