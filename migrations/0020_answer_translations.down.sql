DROP TRIGGER submitted_answers_text_changed ON submitted_answers;
DROP FUNCTION answer_translations_follow_text();
DROP TABLE answer_translations;
