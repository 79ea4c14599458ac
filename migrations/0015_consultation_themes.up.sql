-- Themes belong to a consultation, no longer to one question: "data
-- collection" can tag an answer to any question of either audience, so
-- that what States said sits beside what survivors said under one name.
--
-- Themes of the same name (in any letter case) on several questions of one
-- consultation become one theme, the oldest, which takes over the others'
-- tags: no two of them were on the same question, so no tag collides.

ALTER TABLE themes ADD COLUMN consultation_id bigint REFERENCES consultations ON DELETE CASCADE;
UPDATE themes t SET consultation_id = qs.consultation_id
    FROM questions q JOIN question_sets qs ON qs.id = q.question_set_id
    WHERE q.id = t.question_id;

ALTER TABLE answer_themes DROP CONSTRAINT answer_themes_theme_id_question_id_fkey;

UPDATE answer_themes at SET theme_id = k.keep
    FROM (SELECT id, first_value(id) OVER (PARTITION BY consultation_id, lower(name) ORDER BY id) AS keep
        FROM themes) k
    WHERE k.id = at.theme_id AND k.id <> k.keep;
DELETE FROM themes t WHERE EXISTS (SELECT 1 FROM themes o
    WHERE o.consultation_id = t.consultation_id AND lower(o.name) = lower(t.name) AND o.id < t.id);

ALTER TABLE themes
    DROP COLUMN question_id, -- and with it themes_question_name and UNIQUE (id, question_id)
    ALTER COLUMN consultation_id SET NOT NULL,
    ADD UNIQUE (id, consultation_id);
CREATE UNIQUE INDEX themes_consultation_name ON themes (consultation_id, lower(name));

ALTER TABLE answer_themes ADD CONSTRAINT answer_themes_theme_fkey
    FOREIGN KEY (theme_id) REFERENCES themes ON DELETE CASCADE;

-- A tag's theme must be one of its answer's consultation. The key cannot
-- say so (an answer reaches its consultation through its question's set),
-- so a trigger does; the store checks first, to say which part is wrong.
CREATE FUNCTION answer_theme_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM themes t
			JOIN question_sets qs ON qs.consultation_id = t.consultation_id
			JOIN questions q ON q.question_set_id = qs.id
			WHERE t.id = NEW.theme_id AND q.id = NEW.question_id) THEN
		RAISE EXCEPTION 'theme % is not of the consultation of question %', NEW.theme_id, NEW.question_id
			USING ERRCODE = 'check_violation', CONSTRAINT = 'answer_themes_same_consultation';
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER answer_themes_same_consultation BEFORE INSERT OR UPDATE ON answer_themes
	FOR EACH ROW EXECUTE FUNCTION answer_theme_check();
