-- Written submissions: documents a respondent attaches to its response,
-- beside or instead of typed answers, where the consultation allows it.
ALTER TABLE consultations ADD COLUMN attachments boolean NOT NULL DEFAULT false;

-- The file itself is kept here, checked by its content on the way in. A
-- document is part of its response: it goes with it (ON DELETE CASCADE),
-- with a withdrawal and with the deletion of personal data (below).
CREATE TABLE response_attachments (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    response_id    bigint NOT NULL REFERENCES responses ON DELETE CASCADE,
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    content_type   text NOT NULL CHECK (content_type IN ('application/pdf',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.oasis.opendocument.text')),
    size           integer NOT NULL CHECK (size BETWEEN 1 AND 10485760),
    sha256         bytea NOT NULL CHECK (length(sha256) = 32),
    content        bytea NOT NULL CHECK (length(content) = size),
    contributor_id bigint REFERENCES contributors ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX response_attachments_response ON response_attachments (response_id, id);
-- PDF, DOCX and ODT are compressed already: compressing again wastes time.
ALTER TABLE response_attachments ALTER COLUMN content SET STORAGE EXTERNAL;

-- A withdrawn response keeps its rows but leaves every output; its
-- documents, which may name their authors, are deleted.
CREATE FUNCTION response_attachments_follow_withdrawal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM response_attachments WHERE response_id = NEW.id;
    RETURN NEW;
END $$;
CREATE TRIGGER responses_withdrawn AFTER UPDATE OF excluded_at ON responses
    FOR EACH ROW WHEN (NEW.excluded_because = 'withdrawn' AND OLD.excluded_at IS NULL)
    EXECUTE FUNCTION response_attachments_follow_withdrawal();

-- Deleting a consultation's personal data at the end of its retention
-- period deletes its documents.
CREATE FUNCTION response_attachments_follow_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM response_attachments a USING responses rs, respondents r
        WHERE a.response_id = rs.id AND rs.respondent_id = r.id AND r.consultation_id = NEW.id;
    RETURN NEW;
END $$;
CREATE TRIGGER consultations_personal_data_deleted AFTER UPDATE OF personal_data_deleted_at ON consultations
    FOR EACH ROW WHEN (NEW.personal_data_deleted_at IS NOT NULL)
    EXECUTE FUNCTION response_attachments_follow_retention();
