DROP TABLE IF EXISTS audit_log, submitted_answers, submissions, answer_revisions,
    answers, responses, contributors, respondents, questions, question_sets,
    consultations, countries;
DROP FUNCTION IF EXISTS forbid_change();
