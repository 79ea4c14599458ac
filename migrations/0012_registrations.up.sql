-- Respondents beyond States Parties and survivors, registrations kept
-- clean, withdrawals and the retention of personal data.

-- The kinds of respondent a question set admits. Observer States and
-- organisations may answer the States Parties' questions without being
-- States Parties; each kind is counted apart. A set written without kinds
-- admits those of its audience as before: States Parties, or survivors'
-- organisations and individual survivors.
ALTER TABLE question_sets ADD COLUMN kinds text[];
UPDATE question_sets SET kinds = CASE audience WHEN 'states-parties' THEN '{state}'::text[]
    ELSE '{organisation,individual}'::text[] END;

CREATE FUNCTION question_set_default_kinds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kinds IS NULL OR cardinality(NEW.kinds) = 0 THEN
        NEW.kinds := CASE NEW.audience WHEN 'states-parties' THEN '{state}'::text[]
            ELSE '{organisation,individual}'::text[] END;
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER question_sets_default_kinds
    BEFORE INSERT OR UPDATE OF kinds ON question_sets
    FOR EACH ROW EXECUTE FUNCTION question_set_default_kinds();

ALTER TABLE question_sets ALTER COLUMN kinds SET NOT NULL,
    ADD CONSTRAINT question_sets_kinds_check CHECK (
        kinds <@ '{state,observer-state,organisation,individual}'::text[]
        -- A State Party answers the States Parties' questions and no other.
        AND ('state' = ANY (kinds)) <= (audience = 'states-parties'));

ALTER TABLE respondents DROP CONSTRAINT respondents_check,
    DROP CONSTRAINT respondents_kind_check,
    ADD CONSTRAINT respondents_kind_check
        CHECK (kind IN ('state', 'observer-state', 'organisation', 'individual')),
    ADD CONSTRAINT respondents_state_check CHECK (kind <> 'state' OR audience = 'states-parties');

-- One observer State per country, as one State Party.
CREATE UNIQUE INDEX respondents_one_observer_per_country
    ON respondents (consultation_id, country) WHERE kind = 'observer-state';

-- A registration merged into another of the same organisation: its
-- contributors act for the other now; its own rows stay, with every
-- revision of its answers, and leave every count.
ALTER TABLE respondents ADD COLUMN merged_into bigint REFERENCES respondents,
    ADD CONSTRAINT respondents_merged_check CHECK (merged_into <> id);

-- A response withdrawn by its respondent, or left behind by a merge,
-- leaves every count and export; excluded_at says when, excluded_because why.
ALTER TABLE responses ADD COLUMN excluded_at timestamptz,
    ADD COLUMN excluded_because text CHECK (excluded_because IN ('withdrawn', 'merged')),
    ADD CONSTRAINT responses_excluded_check CHECK ((excluded_at IS NULL) = (excluded_because IS NULL));

-- How long after closing the respondents' personal data is kept, and when
-- it was deleted.
ALTER TABLE consultations ADD COLUMN retention_days integer CHECK (retention_days BETWEEN 1 AND 36500),
    ADD COLUMN personal_data_deleted_at timestamptz;

-- Revisions stay append-only, but an administrator removing a junk
-- registration removes its drafts with it: the removal names its response
-- in the transaction setting vaconsult.removing_response, and only that
-- response's revisions may then be deleted. The audit log keeps its
-- submitted answers.
CREATE FUNCTION forbid_revision_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('vaconsult.removing_response', true) = OLD.response_id::text THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
DROP TRIGGER answer_revisions_append_only ON answer_revisions;
CREATE TRIGGER answer_revisions_append_only
    BEFORE UPDATE OR DELETE ON answer_revisions
    FOR EACH ROW EXECUTE FUNCTION forbid_revision_change();

-- The audit log is read by consultation, newest first, in pages.
CREATE INDEX audit_log_consultation_id ON audit_log (consultation_id, id);
