-- One complete submission over the API, as a fresh respondent makes it
-- (vaconsult-load -fresh api), for pgbench: the statements the server
-- sends, each on its own (the server sends them in 6 round trips: one per
-- request, two for the save and two for the submission). Keep them word
-- for word in step with store/cache.go, store/response.go, store/save.go,
-- store/submit.go and store/signoff.go.
--
-- Variables (pgbench -D; bench/fresh.sh sets them):
--   kmin, kmax   the contributors to write as: client c takes kmin + c,
--                kmin + c + clients, ... (each has one response)
--   clients      number of pgbench clients (-c)
--   slug, qsid   the consultation and the survivors' question set
--   ids, choices, texts   array literals answering every question
-- Each transaction saves every answer and submits the response at the
-- version the save gave it, as a new submission.
\set kid :kmin + :client_id + :clients * random(0, (:kmax - :kmin + 1) / :clients - 1)
\set rnd random(1, 1000000000000)
-- GET /api/v1/consultations/{slug}: the consultation's version (the rest is in memory).
SELECT id, cache_version FROM consultations WHERE slug = :slug;
-- GET /api/v1/response: store.ResponseByToken.
SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience, cn.cache_version,
			rs.status, rs.version, rs.attribution, rs.receipt, rs.language, rs.submitted_version,
			rs.submitted_at, rs.updated_at,
			a.question_id, a.choice, a.text, a.language, a.version, a.updated_by, u.name, a.updated_at
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
		LEFT JOIN answers a ON a.response_id = rs.id
		LEFT JOIN questions q ON q.id = a.question_id
		LEFT JOIN contributors u ON u.id = a.updated_by
		WHERE k.token_hash = (SELECT token_hash FROM contributors WHERE id = :kid) AND k.revoked_at IS NULL
		ORDER BY q.number;
-- PUT /api/v1/response: store.MergeDraft.
BEGIN;
SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience,
			rs.version, rs.status, rs.submitted_version, rs.attribution,
			c.slug, c.opens_at, c.closes_at, c.time_zone, c.phase, c.cache_version
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.token_hash = (SELECT token_hash FROM contributors WHERE id = :kid) AND k.revoked_at IS NULL
		FOR UPDATE OF rs
\gset p_
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
		WHERE k.token_hash = (SELECT token_hash FROM contributors WHERE id = :kid) AND k.revoked_at IS NULL
		ORDER BY q.number;
WITH v AS (
	UPDATE responses SET version = version + 1, updated_at = now(), language = :lang
	WHERE id = :p_id RETURNING version
), up AS (
	INSERT INTO answers AS a (response_id, question_id, question_set_id, choice, text, language, version, updated_by, updated_at)
	SELECT :p_id, i.qid, :qsid, i.choice, i.text, i.lang, v.version, :kid, now()
	FROM unnest(:ids::bigint[], :choices::text[], :texts::text[], array_fill(:lang::text, ARRAY[cardinality(:ids::bigint[])])::text[]) AS i(qid, choice, text, lang), v
	ON CONFLICT (response_id, question_id) DO UPDATE SET
		choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language, version = EXCLUDED.version,
		updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
	RETURNING a.question_id, a.choice, a.text, a.language, a.version
)
INSERT INTO answer_revisions (response_id, question_id, version, choice, text, language, contributor_id)
SELECT :p_id, question_id, version, choice, text, language, :kid FROM up
RETURNING question_id, version, created_at;
COMMIT;
-- POST /api/v1/response/submit: store.Submit.
BEGIN;
SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience,
			rs.version, rs.status, rs.submitted_version, rs.attribution,
			c.slug, c.opens_at, c.closes_at, c.time_zone, c.phase, c.cache_version
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.token_hash = (SELECT token_hash FROM contributors WHERE id = :kid) AND k.revoked_at IS NULL
		FOR UPDATE OF rs
\gset p_
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
		WHERE k.token_hash = (SELECT token_hash FROM contributors WHERE id = :kid) AND k.revoked_at IS NULL
		ORDER BY q.number;
SELECT k.approver,
			ARRAY(SELECT x.name FROM contributors x
				WHERE x.respondent_id = k.respondent_id AND x.approver AND x.revoked_at IS NULL ORDER BY x.id),
			rs.approval_requested_at IS NOT NULL
		FROM contributors k JOIN responses rs ON rs.respondent_id = k.respondent_id
		WHERE k.token_hash = (SELECT token_hash FROM contributors WHERE id = :kid) AND k.revoked_at IS NULL;
WITH s AS (
			INSERT INTO submissions (response_id, version, receipt, attribution, contributor_id, approved_by)
			VALUES (:p_id, :p_version, 'VA-BENCH-' || :rnd, 'named', :kid, NULL)
		)
		UPDATE responses SET status = 'submitted', submitted_version = :p_version, receipt = 'VA-BENCH-' || :rnd, attribution = 'named',
			language = :lang, submitted_at = now(), updated_at = now(),
			approval_requested_by = NULL, approval_requested_at = NULL
		WHERE id = :p_id
		RETURNING status, version, attribution, receipt, language, submitted_version, submitted_at, updated_at;
DELETE FROM submitted_answers sa WHERE sa.response_id = :p_id
		AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.response_id = sa.response_id
			AND a.question_id = sa.question_id AND (a.choice IS NOT NULL OR a.text <> ''));
INSERT INTO submitted_answers AS sa (response_id, question_id, choice, text, language)
		SELECT response_id, question_id, choice, text, language FROM answers
		WHERE response_id = :p_id AND (choice IS NOT NULL OR text <> '')
		ON CONFLICT (response_id, question_id) DO UPDATE SET
			choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language
		WHERE sa.choice IS DISTINCT FROM EXCLUDED.choice OR sa.text <> EXCLUDED.text
			OR sa.language <> EXCLUDED.language;
INSERT INTO submission_answers (submission_id, question_id, choice, text, language)
		SELECT s.id, a.question_id, a.choice, a.text, a.language
		FROM submissions s JOIN answers a ON a.response_id = s.response_id
		WHERE s.response_id = :p_id AND s.version = :p_version AND (a.choice IS NOT NULL OR a.text <> '');
WITH m AS (
			INSERT INTO messages (consultation_id, contributor_id, kind, email, language, details)
			SELECT r.consultation_id, c.id, 'receipt', c.email,
				CASE WHEN c.id = :kid THEN COALESCE(NULLIF(:lang, ''), c.language) ELSE c.language END, '{"response": 0}'
			FROM contributors c JOIN respondents r ON r.id = c.respondent_id
			WHERE c.respondent_id = (SELECT respondent_id FROM contributors WHERE id = :kid)
				AND c.email <> '' AND c.revoked_at IS NULL
			RETURNING id
		), j AS (
			INSERT INTO river_job (args, kind, max_attempts, queue)
			SELECT jsonb_build_object('message_id', m.id), 'send_message', 10, 'mail' FROM m
			RETURNING queue
		)
		SELECT count(pg_notify(concat(current_schema(), '.river_insert'), json_build_object('queue', j.queue)::text)) FROM j;
INSERT INTO audit_log (actor, action, consultation_id, subject, details)
		VALUES ('contributor:' || :kid, 'response.submit', :cid, 'response:' || :p_id, '{"version": 0, "receipt": "VA-BENCH", "attribution": "named", "approved_by": null}');
COMMIT;
