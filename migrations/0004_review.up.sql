-- What reviewers add to the submitted answers: themes per question, the
-- answers tagged with them, and the Co-Chairs' key points per question.
--
-- created_by, tagged_by and updated_by hold a reviewer's id, or NULL for the
-- command line. They carry no foreign key so that this migration does not
-- depend on how reviewer accounts are stored; the audit log says who did what.

CREATE TABLE themes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    question_id bigint NOT NULL REFERENCES questions ON DELETE CASCADE,
    name        text NOT NULL CHECK (name = btrim(name) AND length(name) BETWEEN 1 AND 100),
    created_by  bigint,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- Target of answer_themes' key, which keeps a theme on its own question.
    UNIQUE (id, question_id)
);
-- "Access to services" and "access to services" are one theme.
CREATE UNIQUE INDEX themes_question_name ON themes (question_id, lower(name));

-- A submitted answer tagged with a theme of its question. When a respondent
-- resubmits, their submitted answers are replaced and the tags go with them:
-- the text the tag was given to may have changed.
CREATE TABLE answer_themes (
    response_id bigint NOT NULL,
    question_id bigint NOT NULL,
    theme_id    bigint NOT NULL,
    tagged_by   bigint,
    tagged_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (response_id, question_id, theme_id),
    FOREIGN KEY (response_id, question_id)
        REFERENCES submitted_answers (response_id, question_id) ON DELETE CASCADE,
    FOREIGN KEY (theme_id, question_id) REFERENCES themes (id, question_id) ON DELETE CASCADE
);
CREATE INDEX answer_themes_theme ON answer_themes (theme_id);

-- The Co-Chairs' key points for a question: one text they write and edit.
CREATE TABLE key_points (
    question_id bigint PRIMARY KEY REFERENCES questions ON DELETE CASCADE,
    text        text NOT NULL CHECK (length(text) <= 20000),
    updated_by  bigint,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Reviewers read a question's answers in response order, and summaries
-- count choices per question: this index serves both, the counts without
-- touching the answers' text.
CREATE INDEX submitted_answers_question_response
    ON submitted_answers (question_id, response_id) INCLUDE (choice);
