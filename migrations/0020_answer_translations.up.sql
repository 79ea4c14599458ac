-- Translations of submitted answers, added by reviewers so that Co-Chairs
-- can read answers written in a language they do not read. A translation
-- never replaces its answer; exports show it beside the original. One
-- made by a machine translation service stays marked as machine-made
-- (machine) until a reviewer approves it. When a respondent resubmits,
-- their submitted answers are replaced and the translations go with them:
-- the text translated may have changed.
CREATE TABLE answer_translations (
    response_id bigint NOT NULL,
    question_id bigint NOT NULL,
    language    text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
    text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 50000),
    machine     boolean NOT NULL DEFAULT false,
    version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_by  bigint,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (response_id, question_id, language),
    FOREIGN KEY (response_id, question_id)
        REFERENCES submitted_answers (response_id, question_id) ON DELETE CASCADE
);

-- A resubmission updates the submitted answers whose text changed, in
-- place: a translation of the former text goes with it, while one of an
-- answer resubmitted as it was stays.
CREATE FUNCTION answer_translations_follow_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM answer_translations WHERE response_id = NEW.response_id AND question_id = NEW.question_id;
    RETURN NEW;
END $$;
CREATE TRIGGER submitted_answers_text_changed AFTER UPDATE OF text ON submitted_answers
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text) EXECUTE FUNCTION answer_translations_follow_text();
