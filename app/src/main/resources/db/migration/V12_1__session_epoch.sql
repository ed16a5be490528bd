-- Issue 12: sessions follow the user. Disabling a user, changing their role or their password
-- raises session_epoch; a session signed in under an older epoch is ended on its next request.
ALTER TABLE app_user ADD COLUMN session_epoch BIGINT DEFAULT 0 NOT NULL;
