-- Dashboards are computed from every action item in scope, which at 100,000 items takes
-- longer than a page should. They are kept once computed and recomputed only after
-- something they show has changed: these triggers count every such change, whatever
-- code path (or cascade) made it.
CREATE TABLE change_counter (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO change_counter (name, value) VALUES ('dashboard', 0);

CREATE TRIGGER dashboard_action_inserted AFTER INSERT ON action_item
BEGIN UPDATE change_counter SET value = value + 1 WHERE name = 'dashboard'; END;
CREATE TRIGGER dashboard_action_updated AFTER UPDATE ON action_item
BEGIN UPDATE change_counter SET value = value + 1 WHERE name = 'dashboard'; END;
CREATE TRIGGER dashboard_action_deleted AFTER DELETE ON action_item
BEGIN UPDATE change_counter SET value = value + 1 WHERE name = 'dashboard'; END;
CREATE TRIGGER dashboard_membership_inserted AFTER INSERT ON membership
BEGIN UPDATE change_counter SET value = value + 1 WHERE name = 'dashboard'; END;
CREATE TRIGGER dashboard_membership_updated AFTER UPDATE ON membership
BEGIN UPDATE change_counter SET value = value + 1 WHERE name = 'dashboard'; END;
CREATE TRIGGER dashboard_membership_deleted AFTER DELETE ON membership
BEGIN UPDATE change_counter SET value = value + 1 WHERE name = 'dashboard'; END;
-- Names shown beside the oldest items.
CREATE TRIGGER dashboard_incident_updated AFTER UPDATE OF title ON incident
BEGIN UPDATE change_counter SET value = value + 1 WHERE name = 'dashboard'; END;
CREATE TRIGGER dashboard_user_updated AFTER UPDATE OF display_name ON app_user
BEGIN UPDATE change_counter SET value = value + 1 WHERE name = 'dashboard'; END;

-- Covering indexes for the counts, so a recomputation reads indexes rather than rows.
CREATE INDEX action_item_status_due ON action_item (status, due_date, priority);
CREATE INDEX action_item_status_closed ON action_item (status, closed_at, type, priority, created_at);
