DROP TRIGGER questions_pair_check ON questions;
DROP FUNCTION question_pair_check();
DROP INDEX questions_pairs_with;
ALTER TABLE questions DROP COLUMN pairs_with;
