CREATE INDEX submitted_answers_question_response_choice
    ON submitted_answers (question_id, response_id) INCLUDE (choice);
DROP INDEX submitted_answers_question_response;
ALTER INDEX submitted_answers_question_response_choice RENAME TO submitted_answers_question_response;
