-- The language each answer is written in. responses.language is the
-- interface language of the last save or submission, which tells nothing of
-- the answers: a delegation reading the form in English may write in
-- Spanish, and several contributors may write in several languages. Exports
-- and the reviewers' filters read the answer's own.
--
-- Answers saved before this migration take their response's language, the
-- best guess there is. The default keeps older writers working; the store
-- always names the language.
ALTER TABLE answers ADD COLUMN language text NOT NULL DEFAULT 'en'
    CHECK (language ~ '^[a-z]{2,3}$');
ALTER TABLE answer_revisions ADD COLUMN language text NOT NULL DEFAULT 'en'
    CHECK (language ~ '^[a-z]{2,3}$');
ALTER TABLE submitted_answers ADD COLUMN language text NOT NULL DEFAULT 'en'
    CHECK (language ~ '^[a-z]{2,3}$');

UPDATE answers a SET language = rs.language
    FROM responses rs WHERE rs.id = a.response_id AND rs.language <> 'en';
UPDATE submitted_answers sa SET language = rs.language
    FROM responses rs WHERE rs.id = sa.response_id AND rs.language <> 'en';

-- Revisions are append-only; filling in a column that did not exist when
-- they were written changes nothing anyone typed.
ALTER TABLE answer_revisions DISABLE TRIGGER answer_revisions_append_only;
UPDATE answer_revisions ar SET language = rs.language
    FROM responses rs WHERE rs.id = ar.response_id AND rs.language <> 'en';
ALTER TABLE answer_revisions ENABLE TRIGGER answer_revisions_append_only;
