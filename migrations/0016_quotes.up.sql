-- The quotes the Co-Chairs choose for the report: a submitted answer, whole,
-- or a passage of it. A passage is kept as the exact characters chosen and
-- where they stand in the answer (passage_start inclusive, passage_end
-- exclusive, counted in characters from 0), so that the report quotes what
-- the respondent wrote, word for word, and the page can show it in place.
--
-- When a respondent resubmits, an answer that is replaced (deleted) takes
-- its quotes with it, as it takes its tags; one whose text changes loses
-- them too: a passage may no longer be there, and a whole answer is no
-- longer the text that was chosen.
--
-- chosen_by holds a reviewer's id, or NULL for the command line, without a
-- foreign key, as in 0004.

CREATE TABLE quotes (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    response_id   bigint NOT NULL,
    question_id   bigint NOT NULL,
    passage       text,
    passage_start integer,
    passage_end   integer,
    note          text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    position      integer NOT NULL CHECK (position > 0),
    chosen_by     bigint,
    chosen_at     timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (response_id, question_id)
        REFERENCES submitted_answers (response_id, question_id) ON DELETE CASCADE,
    CHECK ((passage IS NULL AND passage_start IS NULL AND passage_end IS NULL)
        OR (passage_start >= 0 AND passage_end > passage_start
            AND length(passage) = passage_end - passage_start))
);
-- An answer is quoted whole once, and a passage once.
CREATE UNIQUE INDEX quotes_whole ON quotes (response_id, question_id) WHERE passage IS NULL;
CREATE UNIQUE INDEX quotes_passage ON quotes (response_id, question_id, passage_start, passage_end)
    WHERE passage IS NOT NULL;
CREATE INDEX quotes_question ON quotes (question_id, position);

-- A passage must be the answer's text at its place. The store checks it
-- first, to say so in the reader's words; this holds it for every writer.
CREATE FUNCTION quote_passage_in_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.passage IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submitted_answers sa
            WHERE sa.response_id = NEW.response_id AND sa.question_id = NEW.question_id
                AND substr(sa.text, NEW.passage_start + 1, NEW.passage_end - NEW.passage_start) = NEW.passage) THEN
        RAISE EXCEPTION 'the passage is not in the answer' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'quotes_passage_in_answer';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER quotes_passage_in_answer
    BEFORE INSERT OR UPDATE ON quotes
    FOR EACH ROW EXECUTE FUNCTION quote_passage_in_answer();

CREATE FUNCTION drop_quotes_of_changed_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM quotes WHERE response_id = NEW.response_id AND question_id = NEW.question_id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER submitted_answers_quotes
    AFTER UPDATE OF text ON submitted_answers
    FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text)
    EXECUTE FUNCTION drop_quotes_of_changed_answer();
