-- One complete submission over the pages, as a fresh respondent's browser
-- makes it (vaconsult-load -fresh pages), for pgbench: the statements the
-- server sends for its 7 requests, each on its own (the server sends them
-- in 16 round trips). Keep them word for word in step with
-- store/response.go, store/session.go, store/save.go, store/submit.go and
-- store/signoff.go.
-- The server hashes tokens in Go; here the access token's hash is looked up
-- from the contributor's id, the session's is made by sha256(), and the
-- respondent's id, which the server has from the session, is looked up.
--
-- Variables (pgbench -D), as in pgbench-submit-api.sql: kmin, kmax,
-- clients, cid, qsid, lang, ids, choices, texts.
\set kid :kmin + :client_id + :clients * random(0, (:kmax - :kmin + 1) / :clients - 1)
\set rnd random(1, 1000000000000)
-- GET /r/{token}: store.Authenticate, then store.CreateSession.
SELECT c.id, c.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience, cn.cache_version
		FROM contributors c
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
		WHERE c.token_hash = (SELECT token_hash FROM contributors WHERE id = :kid) AND c.revoked_at IS NULL;
BEGIN;
DELETE FROM web_sessions WHERE expires_at < now();
INSERT INTO web_sessions (token_hash, contributor_id, expires_at)
			VALUES (sha256(('session ' || :kid || ' ' || :rnd)::bytea), :kid, now() + make_interval(secs => 2592000))
RETURNING token_hash \gset s_
COMMIT;
-- GET /respond: store.SessionPrincipal, then store.FindRespondentResponse.
SELECT c.id, c.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience, cn.cache_version
		FROM web_sessions ws
		JOIN contributors c ON c.id = ws.contributor_id
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
		WHERE ws.token_hash = :s_token_hash AND ws.expires_at > now() AND c.revoked_at IS NULL
\gset p_
SELECT id, consultation_id, audience, kind, name, country, verified, self_registered, created_at
		FROM respondents WHERE id = (SELECT respondent_id FROM responses WHERE id = :p_id);
SELECT status, version, attribution, receipt, language, submitted_version, submitted_at, updated_at
		FROM responses WHERE id = :p_id;
SELECT a.question_id, coalesce(a.choice, ''), a.text, a.language, a.version, a.updated_by, c.name, a.updated_at
		FROM answers a
		JOIN questions q ON q.id = a.question_id
		JOIN contributors c ON c.id = a.updated_by
		WHERE a.response_id = :p_id ORDER BY q.number;
SELECT k.approver,
			ARRAY(SELECT x.name FROM contributors x
				WHERE x.respondent_id = k.respondent_id AND x.approver AND x.revoked_at IS NULL ORDER BY x.id),
			COALESCE(rq.name, ''), rs.approval_requested_at,
			COALESCE((SELECT a.name FROM submissions s JOIN contributors a ON a.id = s.approved_by
				WHERE s.response_id = rs.id ORDER BY s.version DESC LIMIT 1), '')
		FROM contributors k JOIN responses rs ON rs.respondent_id = k.respondent_id
		LEFT JOIN contributors rq ON rq.id = rs.approval_requested_by
		WHERE k.id = :kid;
-- POST /respond/draft (autosave): store.MergeDraft by session.
BEGIN;
SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience,
			rs.version, rs.status, rs.submitted_version, rs.attribution,
			c.slug, c.opens_at, c.closes_at, c.time_zone, c.phase, c.cache_version
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.id = (SELECT ws.contributor_id FROM web_sessions ws
				WHERE ws.token_hash = :s_token_hash AND ws.expires_at > now())
			AND k.revoked_at IS NULL
		FOR UPDATE OF rs
\gset l_
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
		WHERE k.id = (SELECT ws.contributor_id FROM web_sessions ws
				WHERE ws.token_hash = :s_token_hash AND ws.expires_at > now())
			AND k.revoked_at IS NULL
		ORDER BY q.number;
WITH v AS (
	UPDATE responses SET version = version + 1, updated_at = now(), language = :lang
	WHERE id = :l_id RETURNING version
), up AS (
	INSERT INTO answers AS a (response_id, question_id, question_set_id, choice, text, language, version, updated_by, updated_at)
	SELECT :l_id, i.qid, :qsid, i.choice, i.text, i.lang, v.version, :kid, now()
	FROM unnest(:ids::bigint[], :choices::text[], :texts::text[], array_fill(:lang::text, ARRAY[cardinality(:ids::bigint[])])::text[]) AS i(qid, choice, text, lang), v
	ON CONFLICT (response_id, question_id) DO UPDATE SET
		choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language, version = EXCLUDED.version,
		updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
	RETURNING a.question_id, a.choice, a.text, a.language, a.version
)
INSERT INTO answer_revisions (response_id, question_id, version, choice, text, language, contributor_id)
SELECT :l_id, question_id, version, choice, text, language, :kid FROM up
RETURNING question_id, version, created_at;
COMMIT;
-- POST /respond (continue, the answers already saved): store.SessionPrincipal, store.MergeDraft.
SELECT c.id, c.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience, cn.cache_version
		FROM web_sessions ws
		JOIN contributors c ON c.id = ws.contributor_id
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
		WHERE ws.token_hash = :s_token_hash AND ws.expires_at > now() AND c.revoked_at IS NULL
\gset p_
BEGIN;
SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience,
			rs.version, rs.status, rs.submitted_version, rs.attribution,
			c.slug, c.opens_at, c.closes_at, c.time_zone, c.phase, c.cache_version
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.id = :kid
		FOR UPDATE OF rs
\gset l_
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
		WHERE k.id = :kid
		ORDER BY q.number;
ROLLBACK;
-- GET /respond/check: store.SessionPrincipal, then store.FindRespondentResponse.
SELECT c.id, c.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience, cn.cache_version
		FROM web_sessions ws
		JOIN contributors c ON c.id = ws.contributor_id
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
		WHERE ws.token_hash = :s_token_hash AND ws.expires_at > now() AND c.revoked_at IS NULL
\gset p_
SELECT id, consultation_id, audience, kind, name, country, verified, self_registered, created_at
		FROM respondents WHERE id = (SELECT respondent_id FROM responses WHERE id = :p_id);
SELECT status, version, attribution, receipt, language, submitted_version, submitted_at, updated_at
		FROM responses WHERE id = :p_id;
SELECT a.question_id, coalesce(a.choice, ''), a.text, a.language, a.version, a.updated_by, c.name, a.updated_at
		FROM answers a
		JOIN questions q ON q.id = a.question_id
		JOIN contributors c ON c.id = a.updated_by
		WHERE a.response_id = :p_id ORDER BY q.number;
SELECT k.approver,
			ARRAY(SELECT x.name FROM contributors x
				WHERE x.respondent_id = k.respondent_id AND x.approver AND x.revoked_at IS NULL ORDER BY x.id),
			COALESCE(rq.name, ''), rs.approval_requested_at,
			COALESCE((SELECT a.name FROM submissions s JOIN contributors a ON a.id = s.approved_by
				WHERE s.response_id = rs.id ORDER BY s.version DESC LIMIT 1), '')
		FROM contributors k JOIN responses rs ON rs.respondent_id = k.respondent_id
		LEFT JOIN contributors rq ON rq.id = rs.approval_requested_by
		WHERE k.id = :kid;
-- POST /respond/submit: store.SessionPrincipal, store.Submit.
SELECT c.id, c.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience, cn.cache_version
		FROM web_sessions ws
		JOIN contributors c ON c.id = ws.contributor_id
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
		WHERE ws.token_hash = :s_token_hash AND ws.expires_at > now() AND c.revoked_at IS NULL
\gset p_
BEGIN;
SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience,
			rs.version, rs.status, rs.submitted_version, rs.attribution,
			c.slug, c.opens_at, c.closes_at, c.time_zone, c.phase, c.cache_version
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.id = :kid
		FOR UPDATE OF rs
\gset l_
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
		WHERE k.id = :kid
		ORDER BY q.number;
SELECT k.approver,
			ARRAY(SELECT x.name FROM contributors x
				WHERE x.respondent_id = k.respondent_id AND x.approver AND x.revoked_at IS NULL ORDER BY x.id),
			rs.approval_requested_at IS NOT NULL
		FROM contributors k JOIN responses rs ON rs.respondent_id = k.respondent_id
		WHERE k.id = :kid;
WITH s AS (
			INSERT INTO submissions (response_id, version, receipt, attribution, contributor_id, approved_by)
			VALUES (:l_id, :l_version, 'VA-BENCH-' || :rnd, 'named', :kid, NULL)
		)
		UPDATE responses SET status = 'submitted', submitted_version = :l_version, receipt = 'VA-BENCH-' || :rnd, attribution = 'named',
			language = :lang, submitted_at = now(), updated_at = now(),
			approval_requested_by = NULL, approval_requested_at = NULL
		WHERE id = :l_id
		RETURNING status, version, attribution, receipt, language, submitted_version, submitted_at, updated_at;
DELETE FROM submitted_answers sa WHERE sa.response_id = :l_id
		AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.response_id = sa.response_id
			AND a.question_id = sa.question_id AND (a.choice IS NOT NULL OR a.text <> ''));
INSERT INTO submitted_answers AS sa (response_id, question_id, choice, text, language)
		SELECT response_id, question_id, choice, text, language FROM answers
		WHERE response_id = :l_id AND (choice IS NOT NULL OR text <> '')
		ON CONFLICT (response_id, question_id) DO UPDATE SET
			choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language
		WHERE sa.choice IS DISTINCT FROM EXCLUDED.choice OR sa.text <> EXCLUDED.text
			OR sa.language <> EXCLUDED.language;
INSERT INTO submission_answers (submission_id, question_id, choice, text, language)
		SELECT s.id, a.question_id, a.choice, a.text, a.language
		FROM submissions s JOIN answers a ON a.response_id = s.response_id
		WHERE s.response_id = :l_id AND s.version = :l_version AND (a.choice IS NOT NULL OR a.text <> '');
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
		VALUES ('contributor:' || :kid, 'response.submit', :cid, 'response:' || :l_id, '{"version": 0, "receipt": "VA-BENCH", "attribution": "named", "approved_by": null}');
COMMIT;
-- GET /respond/confirmation: store.SessionPrincipal, then store.FindRespondentResponse.
SELECT c.id, c.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience, cn.cache_version
		FROM web_sessions ws
		JOIN contributors c ON c.id = ws.contributor_id
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
		WHERE ws.token_hash = :s_token_hash AND ws.expires_at > now() AND c.revoked_at IS NULL
\gset p_
SELECT id, consultation_id, audience, kind, name, country, verified, self_registered, created_at
		FROM respondents WHERE id = (SELECT respondent_id FROM responses WHERE id = :p_id);
SELECT status, version, attribution, receipt, language, submitted_version, submitted_at, updated_at
		FROM responses WHERE id = :p_id;
SELECT a.question_id, coalesce(a.choice, ''), a.text, a.language, a.version, a.updated_by, c.name, a.updated_at
		FROM answers a
		JOIN questions q ON q.id = a.question_id
		JOIN contributors c ON c.id = a.updated_by
		WHERE a.response_id = :p_id ORDER BY q.number;
SELECT k.approver,
			ARRAY(SELECT x.name FROM contributors x
				WHERE x.respondent_id = k.respondent_id AND x.approver AND x.revoked_at IS NULL ORDER BY x.id),
			COALESCE(rq.name, ''), rs.approval_requested_at,
			COALESCE((SELECT a.name FROM submissions s JOIN contributors a ON a.id = s.approved_by
				WHERE s.response_id = rs.id ORDER BY s.version DESC LIMIT 1), '')
		FROM contributors k JOIN responses rs ON rs.respondent_id = k.respondent_id
		LEFT JOIN contributors rq ON rq.id = rs.approval_requested_by
		WHERE k.id = :kid;
