-- The language a contributor reads, for the messages sent to them. Pages
-- follow the browser's choice; messages have only this.
ALTER TABLE contributors
    ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'fr', 'es', 'ar'));

-- Importing an invitation list looks up each person by respondent and name,
-- whatever the case or spaces, among the links that work.
CREATE INDEX contributors_working_name
    ON contributors (respondent_id, lower(btrim(name))) WHERE revoked_at IS NULL;
