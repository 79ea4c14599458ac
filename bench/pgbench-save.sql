-- One draft save, as store.MergeDraft runs it by token (store/merge.go), for
-- pgbench: BEGIN, the two statements of queueLock (which authenticate the
-- token too), the saveDraftSQL write, COMMIT. The server sends BEGIN with
-- the first two and COMMIT with the write, in two round trips; pgbench
-- sends each statement on its own.
-- Keep the statements word for word in step with store/save.go.
--
-- Variables (pgbench -D; bench/run.sh sets them from bench/setup.sql):
--   clients   number of pgbench clients (-c)
--   nresp     respondents registered, a multiple of clients; in a fresh
--             database respondent k has response k and contributor k
--   cid       consultation id
--   qsid      survivors' question set id
--   lang      language of the save
--   ids1, choices1, texts1 ... ids3, choices3, texts3
--             array literals answering 1, 2 and 3 questions
--
-- Each client writes to its own share of the respondents, as each
-- vaconsult-load worker does, so that no two clients wait for the same row
-- lock: client c picks among responses c+1, c+1+clients, ...
\set rid 1 + :client_id + :clients * random(0, :nresp / :clients - 1)
\set nq random(1, 3)
BEGIN;
-- store.lockByAccessToken's two statements. The server has the token's hash
-- from the request; pgbench looks it up from the contributor's id.
SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience,
		rs.version, rs.status, rs.submitted_version, rs.attribution,
		c.slug, c.opens_at, c.closes_at, c.time_zone, c.phase, c.cache_version
	FROM contributors k
	JOIN respondents r ON r.id = k.respondent_id
	JOIN responses rs ON rs.respondent_id = r.id
	JOIN consultations c ON c.id = r.consultation_id
	WHERE k.token_hash = (SELECT token_hash FROM contributors WHERE id = :rid) AND k.revoked_at IS NULL FOR UPDATE OF rs;
SELECT q.id, q.number, q.kind, q.required, q.max_length,
		ARRAY(SELECT e->>'value' FROM jsonb_array_elements(q.choices) e),
		a.choice, a.text, a.language, a.version, a.updated_by, u.name, a.updated_at,
		(SELECT max((SELECT max(ar.version) FROM answer_revisions ar
				WHERE ar.response_id = rs.id AND ar.question_id = q.id AND ar.contributor_id = o.id))
			FROM contributors o WHERE o.respondent_id = rs.respondent_id AND o.id <> k.id)
	FROM contributors k
	JOIN responses rs ON rs.respondent_id = k.respondent_id
	JOIN questions q ON q.question_set_id = rs.question_set_id
	LEFT JOIN answers a ON a.question_id = q.id AND a.response_id = rs.id
	LEFT JOIN contributors u ON u.id = a.updated_by
	WHERE k.token_hash = (SELECT token_hash FROM contributors WHERE id = :rid) AND k.revoked_at IS NULL ORDER BY q.number;
-- saveDraftSQL, with $1 = :rid, $2 = :qsid, $3 = the contributor (:rid),
-- $4..$6 = the answers, $7 = :lang, $8 = :lang for each answer. pgbench
-- variables cannot hold strings chosen at run time, so each answer count
-- has its own copy.
\if :nq = 1
WITH v AS (
	UPDATE responses SET version = version + 1, updated_at = now(), language = :lang
	WHERE id = :rid RETURNING version
), up AS (
	INSERT INTO answers AS a (response_id, question_id, question_set_id, choice, text, language, version, updated_by, updated_at)
	SELECT :rid, i.qid, :qsid, i.choice, i.text, i.lang, v.version, :rid, now()
	FROM unnest(:ids1::bigint[], :choices1::text[], :texts1::text[], array_fill(:lang::text, ARRAY[1])) AS i(qid, choice, text, lang), v
	ON CONFLICT (response_id, question_id) DO UPDATE SET
		choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language, version = EXCLUDED.version,
		updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
	RETURNING a.question_id, a.choice, a.text, a.language, a.version
)
INSERT INTO answer_revisions (response_id, question_id, version, choice, text, language, contributor_id)
SELECT :rid, question_id, version, choice, text, language, :rid FROM up
RETURNING question_id, version, created_at;
\elif :nq = 2
WITH v AS (
	UPDATE responses SET version = version + 1, updated_at = now(), language = :lang
	WHERE id = :rid RETURNING version
), up AS (
	INSERT INTO answers AS a (response_id, question_id, question_set_id, choice, text, language, version, updated_by, updated_at)
	SELECT :rid, i.qid, :qsid, i.choice, i.text, i.lang, v.version, :rid, now()
	FROM unnest(:ids2::bigint[], :choices2::text[], :texts2::text[], array_fill(:lang::text, ARRAY[2])) AS i(qid, choice, text, lang), v
	ON CONFLICT (response_id, question_id) DO UPDATE SET
		choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language, version = EXCLUDED.version,
		updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
	RETURNING a.question_id, a.choice, a.text, a.language, a.version
)
INSERT INTO answer_revisions (response_id, question_id, version, choice, text, language, contributor_id)
SELECT :rid, question_id, version, choice, text, language, :rid FROM up
RETURNING question_id, version, created_at;
\else
WITH v AS (
	UPDATE responses SET version = version + 1, updated_at = now(), language = :lang
	WHERE id = :rid RETURNING version
), up AS (
	INSERT INTO answers AS a (response_id, question_id, question_set_id, choice, text, language, version, updated_by, updated_at)
	SELECT :rid, i.qid, :qsid, i.choice, i.text, i.lang, v.version, :rid, now()
	FROM unnest(:ids3::bigint[], :choices3::text[], :texts3::text[], array_fill(:lang::text, ARRAY[3])) AS i(qid, choice, text, lang), v
	ON CONFLICT (response_id, question_id) DO UPDATE SET
		choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language, version = EXCLUDED.version,
		updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
	RETURNING a.question_id, a.choice, a.text, a.language, a.version
)
INSERT INTO answer_revisions (response_id, question_id, version, choice, text, language, contributor_id)
SELECT :rid, question_id, version, choice, text, language, :rid FROM up
RETURNING question_id, version, created_at;
\endif
COMMIT;
