DROP TRIGGER questions_version ON questions;
DROP FUNCTION question_changed();
DROP TRIGGER question_sets_version ON question_sets;
DROP FUNCTION question_set_changed();
DROP TRIGGER consultations_version ON consultations;
DROP FUNCTION consultation_version_bump();
ALTER TABLE consultations DROP COLUMN cache_version;
