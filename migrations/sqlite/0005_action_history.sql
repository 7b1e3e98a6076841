-- Every change to an action item: who changed which field from what to what, and when.
CREATE TABLE action_item_history (
    id         INTEGER PRIMARY KEY,
    action_id  INTEGER NOT NULL REFERENCES action_item (id) ON DELETE CASCADE,
    actor_id   INTEGER REFERENCES app_user (id) ON DELETE SET NULL,
    field      TEXT    NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX action_item_history_action ON action_item_history (action_id, id);
CREATE INDEX action_item_owner_status ON action_item (owner_id, status, due_date);
