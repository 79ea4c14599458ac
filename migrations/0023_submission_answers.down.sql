DROP TABLE submission_answers;
