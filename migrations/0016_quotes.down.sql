DROP TRIGGER IF EXISTS submitted_answers_quotes ON submitted_answers;
DROP TABLE IF EXISTS quotes;
DROP FUNCTION IF EXISTS drop_quotes_of_changed_answer(), quote_passage_in_answer();
