-- Dashboards are computed from every action item in scope, which at 100,000 items takes
-- longer than a page should. They are kept once computed and recomputed only after
-- something they show has changed: these triggers count every such change, whatever
-- code path (or cascade) made it.
CREATE TABLE change_counter (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO change_counter (name, value) VALUES ('dashboard', 0);

-- Once per statement, not per row: a bulk insert of 100,000 items would otherwise leave
-- 100,000 versions of the counter row in one transaction. (SQLite has only row triggers,
-- where an update in place costs little.)
CREATE FUNCTION count_dashboard_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counter SET value = value + 1 WHERE name = 'dashboard';
    RETURN NULL;
END;
$$;

CREATE TRIGGER dashboard_action_changed AFTER INSERT OR UPDATE OR DELETE ON action_item
FOR EACH STATEMENT EXECUTE FUNCTION count_dashboard_change();
CREATE TRIGGER dashboard_membership_changed AFTER INSERT OR UPDATE OR DELETE ON membership
FOR EACH STATEMENT EXECUTE FUNCTION count_dashboard_change();
-- Names shown beside the oldest items.
CREATE TRIGGER dashboard_incident_updated AFTER UPDATE OF title ON incident
FOR EACH STATEMENT EXECUTE FUNCTION count_dashboard_change();
CREATE TRIGGER dashboard_user_updated AFTER UPDATE OF display_name ON app_user
FOR EACH STATEMENT EXECUTE FUNCTION count_dashboard_change();

-- Covering indexes for the counts, so a recomputation reads indexes rather than rows.
CREATE INDEX action_item_status_due ON action_item (status, due_date, priority);
CREATE INDEX action_item_status_closed ON action_item (status, closed_at, type, priority, created_at);
