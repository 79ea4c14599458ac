ALTER TABLE submitted_answers DROP COLUMN IF EXISTS language;
ALTER TABLE answer_revisions DROP COLUMN IF EXISTS language;
ALTER TABLE answers DROP COLUMN IF EXISTS language;
