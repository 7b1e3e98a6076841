-- Whether a person gets their action-item reminders by email (when email is on).
ALTER TABLE app_user ADD COLUMN email_reminders INTEGER NOT NULL DEFAULT 1;
