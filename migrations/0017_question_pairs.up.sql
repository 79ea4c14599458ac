-- A survivors' question may answer back to one question of the States
-- Parties' set of the same consultation, so that the country view and the
-- exports can set a State's answer beside what its survivors said.
ALTER TABLE questions ADD COLUMN pairs_with bigint REFERENCES questions ON DELETE SET NULL;

-- Each States' question is answered back to by one survivors' question at
-- most.
CREATE UNIQUE INDEX questions_pairs_with ON questions (pairs_with) WHERE pairs_with IS NOT NULL;

-- The pair must stay within one consultation and cross audiences: a
-- foreign key cannot say so, this trigger does.
CREATE FUNCTION question_pair_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.pairs_with IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM questions p
		JOIN question_sets ps ON ps.id = p.question_set_id
		JOIN question_sets qs ON qs.id = NEW.question_set_id
		WHERE p.id = NEW.pairs_with AND ps.consultation_id = qs.consultation_id AND ps.audience <> qs.audience
	) THEN
		RAISE EXCEPTION 'question % pairs with question %, which is not of the other audience of its consultation',
			NEW.id, NEW.pairs_with USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER questions_pair_check BEFORE INSERT OR UPDATE OF pairs_with, question_set_id ON questions
	FOR EACH ROW EXECUTE FUNCTION question_pair_check();
