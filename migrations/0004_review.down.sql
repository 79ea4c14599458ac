DROP INDEX IF EXISTS submitted_answers_question_response;
DROP TABLE IF EXISTS key_points, answer_themes, themes;
