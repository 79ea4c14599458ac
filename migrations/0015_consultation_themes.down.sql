-- Back to a theme per question: a theme on the answers of several questions
-- becomes one theme on each (the original on the first), with its tags;
-- a theme on no answer goes to its consultation's first question. Themes
-- of a consultation without questions have nowhere to go and are dropped.

DROP TRIGGER IF EXISTS answer_themes_same_consultation ON answer_themes;
DROP FUNCTION IF EXISTS answer_theme_check();
ALTER TABLE answer_themes DROP CONSTRAINT IF EXISTS answer_themes_theme_fkey;
DROP INDEX IF EXISTS themes_consultation_name; -- the copies below share their names

ALTER TABLE themes ADD COLUMN question_id bigint REFERENCES questions ON DELETE CASCADE,
    ADD COLUMN split_from bigint;

CREATE TEMPORARY TABLE theme_split AS
    SELECT DISTINCT theme_id, question_id FROM answer_themes
    UNION
    SELECT t.id, (SELECT min(q.id) FROM questions q JOIN question_sets qs ON qs.id = q.question_set_id
            WHERE qs.consultation_id = t.consultation_id)
        FROM themes t WHERE NOT EXISTS (SELECT 1 FROM answer_themes WHERE theme_id = t.id);

UPDATE themes t SET question_id = s.question_id
    FROM (SELECT theme_id, min(question_id) AS question_id FROM theme_split GROUP BY theme_id) s
    WHERE s.theme_id = t.id;
INSERT INTO themes (consultation_id, question_id, split_from, name, created_by, created_at, version, updated_by, updated_at)
    SELECT t.consultation_id, s.question_id, t.id, t.name, t.created_by, t.created_at, t.version, t.updated_by, t.updated_at
    FROM theme_split s JOIN themes t ON t.id = s.theme_id
    WHERE s.question_id <> t.question_id;
UPDATE answer_themes at SET theme_id = n.id
    FROM themes n WHERE n.split_from = at.theme_id AND n.question_id = at.question_id;
DELETE FROM themes WHERE question_id IS NULL;
DROP TABLE theme_split;

ALTER TABLE themes
    DROP COLUMN split_from,
    DROP COLUMN consultation_id, -- and with it UNIQUE (id, consultation_id)
    ALTER COLUMN question_id SET NOT NULL,
    ADD CONSTRAINT themes_id_question_id_key UNIQUE (id, question_id);
CREATE UNIQUE INDEX themes_question_name ON themes (question_id, lower(name));

ALTER TABLE answer_themes ADD CONSTRAINT answer_themes_theme_id_question_id_fkey
    FOREIGN KEY (theme_id, question_id) REFERENCES themes (id, question_id) ON DELETE CASCADE;
