-- What each submission held, answer by answer, so that the copy of an
-- earlier submission stays exact after a resubmission: submitted_answers
-- holds the last submission only, and is what reviewers read. Written in
-- the submission's own transaction, from the answers as they then stood.
CREATE TABLE submission_answers (
    submission_id bigint NOT NULL REFERENCES submissions ON DELETE CASCADE,
    question_id   bigint NOT NULL REFERENCES questions,
    choice        text,
    text          text NOT NULL,
    language      text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
    PRIMARY KEY (submission_id, question_id)
);

-- Submissions made before: the last one of each response is what
-- submitted_answers holds; earlier ones are not known exactly and keep no
-- answers (their copy says so).
INSERT INTO submission_answers (submission_id, question_id, choice, text, language)
SELECT s.id, sa.question_id, sa.choice, sa.text, sa.language
FROM submitted_answers sa
JOIN responses rs ON rs.id = sa.response_id
JOIN submissions s ON s.response_id = rs.id AND s.version = rs.submitted_version;
