-- The summary counts every question's answers by language as well as by
-- choice. With the language in the index beside the choice, it reads the
-- index alone (an index-only scan) instead of the table, whose rows carry
-- the answers' text: at a million responses, a few hundred megabytes of
-- index rather than several gigabytes of table.
CREATE INDEX submitted_answers_question_response_counts
    ON submitted_answers (question_id, response_id) INCLUDE (choice, language);
DROP INDEX submitted_answers_question_response;
ALTER INDEX submitted_answers_question_response_counts RENAME TO submitted_answers_question_response;
