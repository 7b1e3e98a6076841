-- Live meeting events on their way to other instances. With PostgreSQL several
-- instances serve one meeting: NOTIFY carries an event's id and each instance reads the
-- event from here. (SQLite runs one instance, which never needs it.)
CREATE TABLE live_event (
    id         INTEGER PRIMARY KEY,
    retro_id   INTEGER NOT NULL,
    -- The instance that published it (and has already told its own listeners).
    instance   TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX live_event_created ON live_event (created_at);
