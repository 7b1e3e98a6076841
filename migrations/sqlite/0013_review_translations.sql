-- Translations of a review, one per language (`ko` for now), published beside the English
-- review at /reviews/{slug}?lang=…. No approval step of their own: the English text was
-- approved, and a translation says the same thing.

-- The working copy the team edits.
CREATE TABLE review_translation (
    id              INTEGER PRIMARY KEY,
    review_id       INTEGER NOT NULL REFERENCES review (id) ON DELETE CASCADE,
    -- A BCP 47 code such as 'ko'.
    language        TEXT    NOT NULL,
    title           TEXT    NOT NULL,
    body_markdown   TEXT    NOT NULL,
    -- The English revision (review_revision.number) the working copy was translated
    -- from; 0 while the English review was not yet published.
    source_revision INTEGER NOT NULL,
    -- How many times it was published: the next publication's number is one more.
    revisions       INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    updated_by      INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    -- Set on first publication.
    published_at    INTEGER,
    UNIQUE (review_id, language)
);

-- Each publication, frozen like review_revision: rendered and sanitized once, here.
CREATE TABLE review_translation_revision (
    id              INTEGER PRIMARY KEY,
    translation_id  INTEGER NOT NULL REFERENCES review_translation (id) ON DELETE CASCADE,
    number          INTEGER NOT NULL,
    title           TEXT    NOT NULL,
    summary         TEXT    NOT NULL,
    body_markdown   TEXT    NOT NULL,
    body_html       TEXT    NOT NULL,
    source_revision INTEGER NOT NULL,
    published_by    INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    published_at    INTEGER NOT NULL,
    UNIQUE (translation_id, number)
);
