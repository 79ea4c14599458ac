-- Counts kept as the data changes, so that the summary and the dashboard
-- read a few thousand rows instead of joining every submitted answer to its
-- response and respondent (seconds at a million responses).
--
-- The tables are append-only for writers: triggers add signed rows (n = +1
-- or -1 per answer, tag or respondent) in the transaction that changes what
-- is counted, whatever the code path (submission, resubmission, change of
-- attribution, withdrawal, merge, removal, retention, tagging). No row is
-- ever updated by them, so concurrent submissions never wait on one
-- another. A periodic job (store.FoldCounts) replaces the rows of each key
-- by their sum; readers add up n by key, so they read exact figures
-- whether or not the job has run.
--
-- Counts are kept by country, not region: the region comes from the
-- reference data when the counts are read, so a change of the reference
-- list needs no recount.

-- Submitted answers of responses that are submitted and not withdrawn.
CREATE TABLE answer_counts (
    question_id bigint NOT NULL,
    kind        text NOT NULL,
    country     char(2) NOT NULL,
    attribution text NOT NULL,
    language    text NOT NULL,
    choice      text,
    n           bigint NOT NULL
);
CREATE INDEX answer_counts_question ON answer_counts (question_id);

-- Tags on the submitted answers of those same responses.
CREATE TABLE theme_counts (
    theme_id    bigint NOT NULL,
    question_id bigint NOT NULL,
    country     char(2) NOT NULL,
    attribution text NOT NULL,
    n           bigint NOT NULL
);
CREATE INDEX theme_counts_theme ON theme_counts (theme_id);
CREATE INDEX theme_counts_question ON theme_counts (question_id);

-- Respondents not merged into another, by their response's progress.
CREATE TABLE rate_counts (
    consultation_id bigint NOT NULL,
    audience        text NOT NULL,
    kind            text NOT NULL,
    country         char(2) NOT NULL,
    verified        boolean NOT NULL,
    progress        text NOT NULL,
    n               bigint NOT NULL
);
CREATE INDEX rate_counts_consultation ON rate_counts (consultation_id);

-- The dashboard lists respondents a page at a time, country by country.
CREATE INDEX respondents_consultation_country
    ON respondents (consultation_id, audience, country, name, id);

-- A response's progress as the dashboard shows it; NULL, no response yet.
CREATE FUNCTION response_progress(rs responses) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN rs.id IS NULL THEN 'invited'
        WHEN rs.excluded_at IS NOT NULL THEN 'withdrawn'
        WHEN rs.status = 'submitted' THEN 'submitted'
        WHEN rs.version > 0 THEN 'started'
        ELSE 'invited' END
$$;

-- count_response adds sign times what a respondent r with its response rs
-- (NULL when it has none) counts for: its rate, and when the response is
-- submitted and not withdrawn, its submitted answers and their tags as they
-- are now. A NULL respondent (one being deleted) counts for nothing.
CREATE FUNCTION count_response(rs responses, r respondents, sign bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF r.id IS NULL THEN
        RETURN;
    END IF;
    IF r.merged_into IS NULL THEN
        INSERT INTO rate_counts VALUES (r.consultation_id, r.audience, r.kind, r.country, r.verified,
            response_progress(rs), sign);
    END IF;
    IF rs.id IS NOT NULL AND rs.status = 'submitted' AND rs.excluded_at IS NULL THEN
        INSERT INTO answer_counts
        SELECT sa.question_id, r.kind, r.country, rs.attribution, sa.language, sa.choice, sign * count(*)
        FROM submitted_answers sa WHERE sa.response_id = rs.id
        GROUP BY sa.question_id, sa.language, sa.choice;
        INSERT INTO theme_counts
        SELECT at.theme_id, at.question_id, r.country, rs.attribution, sign * count(*)
        FROM answer_themes at WHERE at.response_id = rs.id
        GROUP BY at.theme_id, at.question_id;
    END IF;
END $$;

-- Respondents. Deletion is counted before the row goes: the cascade then
-- deletes the response, whose own trigger finds no respondent and counts
-- nothing.
CREATE FUNCTION respondents_counts_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rate_counts
    SELECT r.consultation_id, r.audience, r.kind, r.country, r.verified, 'invited', count(*)
    FROM changed r WHERE r.merged_into IS NULL
    GROUP BY 1, 2, 3, 4, 5;
    RETURN NULL;
END $$;
CREATE TRIGGER respondents_counts_insert AFTER INSERT ON respondents
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION respondents_counts_insert();

CREATE FUNCTION respondents_counts_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    rs responses;
BEGIN
    SELECT * INTO rs FROM responses WHERE respondent_id = OLD.id;
    PERFORM count_response(rs, OLD, -1);
    IF TG_OP = 'UPDATE' THEN
        PERFORM count_response(rs, NEW, 1);
        RETURN NULL;
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER respondents_counts_update AFTER UPDATE ON respondents FOR EACH ROW
    WHEN (OLD.kind <> NEW.kind OR OLD.country <> NEW.country OR OLD.audience <> NEW.audience
        OR OLD.verified <> NEW.verified OR (OLD.merged_into IS NULL) <> (NEW.merged_into IS NULL)
        OR OLD.consultation_id <> NEW.consultation_id)
    EXECUTE FUNCTION respondents_counts_change();
CREATE TRIGGER respondents_counts_delete BEFORE DELETE ON respondents FOR EACH ROW
    EXECUTE FUNCTION respondents_counts_change();

-- Responses. A new response has no submitted answers yet: only its
-- respondent's rate moves from invited to its progress.
CREATE FUNCTION responses_counts_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rate_counts
    SELECT r.consultation_id, r.audience, r.kind, r.country, r.verified, p.progress, sum(p.n)
    FROM changed rs JOIN respondents r ON r.id = rs.respondent_id
    CROSS JOIN LATERAL (VALUES ('invited', -1), (response_progress(rs::responses), 1)) p(progress, n)
    WHERE r.merged_into IS NULL
    GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(p.n) <> 0;
    RETURN NULL;
END $$;
CREATE TRIGGER responses_counts_insert AFTER INSERT ON responses
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION responses_counts_insert();

CREATE FUNCTION responses_counts_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    r respondents;
BEGIN
    SELECT * INTO r FROM respondents WHERE id = OLD.respondent_id;
    PERFORM count_response(OLD, r, -1);
    IF TG_OP = 'UPDATE' THEN
        SELECT * INTO r FROM respondents WHERE id = NEW.respondent_id;
        PERFORM count_response(NEW, r, 1);
        RETURN NULL;
    END IF;
    PERFORM count_response(NULL, r, 1);
    RETURN OLD;
END $$;
-- Saves raise the version every time: only the first counts (started).
CREATE TRIGGER responses_counts_update AFTER UPDATE ON responses FOR EACH ROW
    WHEN (OLD.status <> NEW.status OR (OLD.excluded_at IS NULL) <> (NEW.excluded_at IS NULL)
        OR OLD.attribution IS DISTINCT FROM NEW.attribution OR OLD.respondent_id <> NEW.respondent_id
        OR (OLD.version > 0) <> (NEW.version > 0))
    EXECUTE FUNCTION responses_counts_change();
CREATE TRIGGER responses_counts_delete BEFORE DELETE ON responses FOR EACH ROW
    EXECUTE FUNCTION responses_counts_change();

-- Submitted answers: inserted and deleted by the set (a submission, a
-- cascade), the few updates one by one. Those of a response being deleted
-- find no response and count nothing: its trigger counted them.
CREATE FUNCTION submitted_answers_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO answer_counts
    SELECT sa.question_id, r.kind, r.country, rs.attribution, sa.language, sa.choice,
        CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END * count(*)
    FROM changed sa JOIN responses rs ON rs.id = sa.response_id JOIN respondents r ON r.id = rs.respondent_id
    WHERE rs.status = 'submitted' AND rs.excluded_at IS NULL
    GROUP BY 1, 2, 3, 4, 5, 6;
    RETURN NULL;
END $$;
CREATE TRIGGER submitted_answers_counts_insert AFTER INSERT ON submitted_answers
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION submitted_answers_counts();
CREATE TRIGGER submitted_answers_counts_delete AFTER DELETE ON submitted_answers
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION submitted_answers_counts();

CREATE FUNCTION submitted_answers_counts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO answer_counts
    SELECT a.question_id, r.kind, r.country, rs.attribution, a.language, a.choice, a.n
    FROM (VALUES (OLD.response_id, OLD.question_id, OLD.language, OLD.choice, -1),
            (NEW.response_id, NEW.question_id, NEW.language, NEW.choice, 1)) a(response_id, question_id, language, choice, n)
    JOIN responses rs ON rs.id = a.response_id JOIN respondents r ON r.id = rs.respondent_id
    WHERE rs.status = 'submitted' AND rs.excluded_at IS NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER submitted_answers_counts_update AFTER UPDATE ON submitted_answers FOR EACH ROW
    WHEN (OLD.response_id <> NEW.response_id OR OLD.question_id <> NEW.question_id
        OR OLD.language <> NEW.language OR OLD.choice IS DISTINCT FROM NEW.choice)
    EXECUTE FUNCTION submitted_answers_counts_update();

-- Tags, the same way.
CREATE FUNCTION answer_themes_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO theme_counts
    SELECT at.theme_id, at.question_id, r.country, rs.attribution,
        CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END * count(*)
    FROM changed at JOIN responses rs ON rs.id = at.response_id JOIN respondents r ON r.id = rs.respondent_id
    WHERE rs.status = 'submitted' AND rs.excluded_at IS NULL
    GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END $$;
CREATE TRIGGER answer_themes_counts_insert AFTER INSERT ON answer_themes
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION answer_themes_counts();
CREATE TRIGGER answer_themes_counts_delete AFTER DELETE ON answer_themes
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION answer_themes_counts();

CREATE FUNCTION answer_themes_counts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO theme_counts
    SELECT a.theme_id, a.question_id, r.country, rs.attribution, a.n
    FROM (VALUES (OLD.response_id, OLD.question_id, OLD.theme_id, -1),
            (NEW.response_id, NEW.question_id, NEW.theme_id, 1)) a(response_id, question_id, theme_id, n)
    JOIN responses rs ON rs.id = a.response_id JOIN respondents r ON r.id = rs.respondent_id
    WHERE rs.status = 'submitted' AND rs.excluded_at IS NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER answer_themes_counts_update AFTER UPDATE ON answer_themes FOR EACH ROW
    WHEN (OLD.response_id <> NEW.response_id OR OLD.question_id <> NEW.question_id OR OLD.theme_id <> NEW.theme_id)
    EXECUTE FUNCTION answer_themes_counts_update();

-- What is there already, counted once.
INSERT INTO answer_counts
SELECT sa.question_id, r.kind, r.country, rs.attribution, sa.language, sa.choice, count(*)
FROM submitted_answers sa JOIN responses rs ON rs.id = sa.response_id JOIN respondents r ON r.id = rs.respondent_id
WHERE rs.status = 'submitted' AND rs.excluded_at IS NULL
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO theme_counts
SELECT at.theme_id, at.question_id, r.country, rs.attribution, count(*)
FROM answer_themes at JOIN responses rs ON rs.id = at.response_id JOIN respondents r ON r.id = rs.respondent_id
WHERE rs.status = 'submitted' AND rs.excluded_at IS NULL
GROUP BY 1, 2, 3, 4;

INSERT INTO rate_counts
SELECT r.consultation_id, r.audience, r.kind, r.country, r.verified, response_progress(rs), count(*)
FROM respondents r LEFT JOIN responses rs ON rs.respondent_id = r.id
WHERE r.merged_into IS NULL
GROUP BY 1, 2, 3, 4, 5, 6;
