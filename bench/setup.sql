-- Checks that the ids bench/pgbench-save.sql picks are real, and prints the
-- ones it needs. Run after vaconsult-load has registered the respondents of
-- a fresh database, one after the other:
--
--   psql -X -q -v ON_ERROR_STOP=1 -At -F ' ' -v nresp=32 -v slug=va-impact-2012 -f bench/setup.sql DBURL
--
-- It prints one line: consultation id, survivors' question set id, and the
-- ids of the survivors' questions in order, separated by spaces.
--
-- How the ids are chosen: responses, respondents and contributors take their
-- ids from identity columns starting at 1, and each registration creates
-- one respondent, its response and one contributor in one transaction.
-- Registered one after the other in a fresh database, respondent k therefore
-- has response k and contributor k, so the script uses one random number
-- for the response id and the contributor id (updated_by must be a
-- contributor; the server always saves as one of the respondent's own).
-- This file fails unless that holds for k = 1 .. nresp.
SELECT set_config('bench.nresp', :'nresp', false) AS nresp,
       set_config('bench.slug', :'slug', false) AS slug \gset

DO $$
DECLARE
    want int := current_setting('bench.nresp')::int;
    got  int;
BEGIN
    SELECT count(*) INTO got
    FROM generate_series(1, want) AS k
    JOIN responses r ON r.id = k
    JOIN respondents p ON p.id = r.respondent_id AND p.audience = 'survivors'
    JOIN consultations c ON c.id = p.consultation_id AND c.slug = current_setting('bench.slug')
    JOIN contributors ct ON ct.id = k AND ct.respondent_id = r.respondent_id AND ct.revoked_at IS NULL;
    IF got <> want THEN
        RAISE EXCEPTION 'only % of responses 1..% are survivors'' responses of % whose contributor has the same id: use a fresh database and register one respondent at a time', got, want, current_setting('bench.slug');
    END IF;
END $$;

SELECT c.id, qs.id, string_agg(q.id::text, ' ' ORDER BY q.number)
FROM consultations c
JOIN question_sets qs ON qs.consultation_id = c.id AND qs.audience = 'survivors'
JOIN questions q ON q.question_set_id = qs.id
WHERE c.slug = :'slug'
GROUP BY c.id, qs.id;
