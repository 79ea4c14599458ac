-- Every change to a consultation, its question sets or its questions
-- raises the consultation's cache_version, whoever makes it: the servers
-- keep consultations in memory and compare this number, which the
-- respondents' authentication reads anyway, to know when to read one again.
ALTER TABLE consultations ADD COLUMN cache_version bigint NOT NULL DEFAULT 1;

CREATE FUNCTION consultation_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.cache_version := OLD.cache_version + 1;
	RETURN NEW;
END $$;

CREATE TRIGGER consultations_version BEFORE UPDATE ON consultations
	FOR EACH ROW WHEN (OLD IS DISTINCT FROM NEW) EXECUTE FUNCTION consultation_version_bump();

CREATE FUNCTION question_set_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		UPDATE consultations SET cache_version = cache_version + 1 WHERE id = OLD.consultation_id;
	END IF;
	IF TG_OP <> 'DELETE' THEN
		UPDATE consultations SET cache_version = cache_version + 1 WHERE id = NEW.consultation_id;
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER question_sets_version AFTER INSERT OR UPDATE OR DELETE ON question_sets
	FOR EACH ROW EXECUTE FUNCTION question_set_changed();

CREATE FUNCTION question_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP <> 'INSERT' THEN
		UPDATE consultations SET cache_version = cache_version + 1
		WHERE id = (SELECT consultation_id FROM question_sets WHERE id = OLD.question_set_id);
	END IF;
	IF TG_OP <> 'DELETE' THEN
		UPDATE consultations SET cache_version = cache_version + 1
		WHERE id = (SELECT consultation_id FROM question_sets WHERE id = NEW.question_set_id);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER questions_version AFTER INSERT OR UPDATE OR DELETE ON questions
	FOR EACH ROW EXECUTE FUNCTION question_changed();
