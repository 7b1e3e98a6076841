-- Which delivery run has claimed a notification, so that several instances never send
-- the same one (see actions::reminders::claim).
ALTER TABLE action_notification ADD COLUMN claim TEXT;
ALTER TABLE review_notification ADD COLUMN claim TEXT;
