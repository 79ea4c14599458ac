-- A question's key names it across cycles: a later consultation's question
-- with the same key asks the same thing, however the questions were
-- renumbered, so that a respondent can start from what they submitted
-- last time. Existing questions take the default a file gets, "q" and the
-- number. Unique per set once the load that moves keys around commits.
ALTER TABLE questions ADD COLUMN key text;
UPDATE questions SET key = 'q' || number;
ALTER TABLE questions ALTER COLUMN key SET NOT NULL,
    ADD CONSTRAINT questions_key_format CHECK (key ~ '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$'),
    ADD CONSTRAINT questions_key_unique UNIQUE (question_set_id, key) DEFERRABLE INITIALLY DEFERRED;

-- The earlier consultation this one follows, by slug: one link back, no
-- further. Deleting the earlier one leaves this one standing alone.
ALTER TABLE consultations ADD COLUMN follows text
    REFERENCES consultations (slug) ON UPDATE CASCADE ON DELETE SET NULL,
    ADD CONSTRAINT consultations_follows_other CHECK (follows <> slug);
