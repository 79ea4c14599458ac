DROP INDEX audit_log_consultation_id;

ALTER TABLE consultations DROP COLUMN personal_data_deleted_at, DROP COLUMN retention_days;
ALTER TABLE responses DROP COLUMN excluded_because, DROP COLUMN excluded_at;
ALTER TABLE respondents DROP COLUMN merged_into;
DROP INDEX respondents_one_observer_per_country;

-- Respondents of the new kinds have no place in the older schema; their
-- revisions go with them.
DROP TRIGGER answer_revisions_append_only ON answer_revisions;
DELETE FROM answer_revisions ar USING responses rs, respondents r
    WHERE rs.id = ar.response_id AND r.id = rs.respondent_id
      AND (r.kind = 'observer-state' OR (r.kind = 'organisation' AND r.audience = 'states-parties'));
DELETE FROM respondents WHERE kind = 'observer-state'
    OR (kind = 'organisation' AND audience = 'states-parties');
CREATE TRIGGER answer_revisions_append_only
    BEFORE UPDATE OR DELETE ON answer_revisions
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
DROP FUNCTION forbid_revision_change();
ALTER TABLE respondents DROP CONSTRAINT respondents_state_check,
    DROP CONSTRAINT respondents_kind_check,
    ADD CONSTRAINT respondents_kind_check CHECK (kind IN ('state', 'organisation', 'individual')),
    ADD CONSTRAINT respondents_check CHECK ((kind = 'state') = (audience = 'states-parties'));

DROP TRIGGER question_sets_default_kinds ON question_sets;
DROP FUNCTION question_set_default_kinds();
ALTER TABLE question_sets DROP COLUMN kinds;
