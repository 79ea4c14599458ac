package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
)

// lockedResponse is a response locked for update, with what a save or a
// submission needs to check it.
type lockedResponse struct {
	principal        Principal
	version          int
	status           domain.ResponseStatus
	submittedVersion int
	attribution      domain.Attribution
	consultation     Consultation
	questions        []Question
	current          map[int64]Answer // question id → current answer
	// othersLatest is, per question, the newest version of the answer
	// saved by a contributor other than the one saving: what tells whether
	// someone else changed it since a base.
	othersLatest map[int64]int
	// documentsStandIn: the consultation allows documents and the
	// response holds one, so required questions may be left empty.
	documentsStandIn bool
}

// lockKey picks the response to lock: by an access token's hash (the API),
// a web session token's hash (the pages), both of which authenticate in the
// same round trip, or by a known principal.
type lockKey struct {
	tokenHash   []byte
	sessionHash []byte
	principal   *Principal
}

// lockStatements are the two statements that lock a response and read
// what a save needs, for one kind of lockKey: response locks the response
// and reads the principal, its state and its consultation's opening times;
// questions reads the questions of the response's set with their current
// answers, who wrote each, and the newest version of each that someone
// else wrote (of the questions, only what validation needs). Each takes
// the key as $1.
type lockStatements struct {
	response, questions string
}

// lockByContributor locks the response of a known principal.
var lockByContributor = lockStatements{
	response: `SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience,
			rs.version, rs.status, rs.submitted_version, rs.attribution,
			c.slug, c.opens_at, c.closes_at, c.time_zone, c.phase, c.cache_version
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.id = $1
		FOR UPDATE OF rs`,
	questions: `SELECT q.id, q.number, q.kind, q.required, q.max_length,
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
		WHERE k.id = $1
		ORDER BY q.number`,
}

// lockByAccessToken locks the response of a working access token's hash,
// authenticating it in the same round trip (the API).
var lockByAccessToken = lockStatements{
	response: `SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience,
			rs.version, rs.status, rs.submitted_version, rs.attribution,
			c.slug, c.opens_at, c.closes_at, c.time_zone, c.phase, c.cache_version
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.token_hash = $1 AND k.revoked_at IS NULL
		FOR UPDATE OF rs`,
	questions: `SELECT q.id, q.number, q.kind, q.required, q.max_length,
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
		WHERE k.token_hash = $1 AND k.revoked_at IS NULL
		ORDER BY q.number`,
}

// lockBySession locks the response of a live web session's hash, whose
// contributor's link still works, authenticating it in the same round trip
// (the pages).
var lockBySession = lockStatements{
	response: `SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience,
			rs.version, rs.status, rs.submitted_version, rs.attribution,
			c.slug, c.opens_at, c.closes_at, c.time_zone, c.phase, c.cache_version
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.id = (SELECT ws.contributor_id FROM web_sessions ws
				WHERE ws.token_hash = $1 AND ws.expires_at > now())
			AND k.revoked_at IS NULL
		FOR UPDATE OF rs`,
	questions: `SELECT q.id, q.number, q.kind, q.required, q.max_length,
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
				WHERE ws.token_hash = $1 AND ws.expires_at > now())
			AND k.revoked_at IS NULL
		ORDER BY q.number`,
}

// statements returns the statements of the key's kind and their argument.
func (k lockKey) statements() (lockStatements, any) {
	switch {
	case k.principal != nil:
		return lockByContributor, k.principal.ContributorID
	case k.sessionHash != nil:
		return lockBySession, k.sessionHash
	}
	return lockByAccessToken, k.tokenHash
}

// queueLock adds to b the two statements that lock the response of key and
// read its questions and current answers; their results land in lr.
func queueLock(b *pgx.Batch, key lockKey, lr *lockedResponse) {
	stmt, arg := key.statements()
	var submitted *int
	var attribution *domain.Attribution
	p, c := &lr.principal, &lr.consultation
	b.Queue(stmt.response, arg).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&p.ContributorID, &p.ContributorName, &p.RespondentID, &p.ResponseID,
			&p.ConsultationID, &p.QuestionSetID, &p.Audience,
			&lr.version, &lr.status, &submitted, &attribution,
			&c.Slug, &c.OpensAt, &c.ClosesAt, &c.TimeZone, &c.Phase, &p.ConsultationVersion)
		if err != nil {
			return err
		}
		c.ID = p.ConsultationID
		lr.attribution = deref(attribution)
		if submitted != nil {
			lr.submittedVersion = *submitted
		}
		return nil
	})
	b.Queue(stmt.questions, arg).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			if err := lr.scanQuestion(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	queueDocumentsStandIn(b, key, lr)
}

func (lr *lockedResponse) scanQuestion(rows pgx.Rows) error {
	var q Question
	var values []string
	var choice, text, language, by *string
	var version, byID, othersLatest *int64
	var at *time.Time
	if err := rows.Scan(&q.ID, &q.Number, &q.Kind, &q.Required, &q.MaxLength, &values,
		&choice, &text, &language, &version, &byID, &by, &at, &othersLatest); err != nil {
		return err
	}
	for _, v := range values {
		q.Choices = append(q.Choices, questionset.Choice{Value: v})
	}
	lr.questions = append(lr.questions, q)
	if text != nil {
		lr.current[q.ID] = Answer{QuestionID: q.ID, Choice: deref(choice), Text: *text, Language: *language,
			Version: int(*version), UpdatedByID: *byID, UpdatedBy: *by, UpdatedAt: *at}
	}
	if othersLatest != nil {
		lr.othersLatest[q.ID] = int(*othersLatest)
	}
	return nil
}

// lockResponse locks the principal's response inside tx and reads its
// questions and current answers, in one round trip.
func lockResponse(ctx context.Context, tx pgx.Tx, p *Principal) (*lockedResponse, error) {
	lr := newLockedResponse()
	b := &pgx.Batch{}
	queueLock(b, lockKey{principal: p}, lr)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("lock response: %w", notFound(err))
	}
	return lr, nil
}

func newLockedResponse() *lockedResponse {
	return &lockedResponse{current: map[int64]Answer{}, othersLatest: map[int64]int{}}
}

// checkOpen refuses changes outside the consultation's opening times.
func (lr *lockedResponse) checkOpen(now time.Time) error {
	c := &lr.consultation
	switch c.StatusAt(now) {
	case StatusUpcoming:
		if c.OpensAt == nil || c.IsDraft() {
			return withSentinel(Errorf(KindConflict, "consultation_not_open", "This consultation is not open yet. Your draft is kept."), ErrNotOpen)
		}
		e := Errorf(KindConflict, "consultation_not_open", "This consultation opens on %s. Your draft is kept.",
			c.OpensAt.In(c.Location()).Format("2 January 2006 at 15:04 MST"))
		e.Data, e.Err = map[string]any{"opens_at": c.OpensAt}, ErrNotOpen
		return e
	case StatusClosed:
		if c.ClosesAt == nil {
			return withSentinel(Errorf(KindConflict, "consultation_closed", "This consultation has closed: answers can no longer be changed."), ErrClosed)
		}
		e := Errorf(KindConflict, "consultation_closed", "This consultation closed on %s: answers can no longer be changed.",
			c.ClosesAt.In(c.Location()).Format("2 January 2006 at 15:04 MST"))
		e.Data, e.Err = map[string]any{"closes_at": c.ClosesAt}, ErrClosed
		return e
	}
	return nil
}

func (lr *lockedResponse) question(id int64) *Question {
	for i := range lr.questions {
		if lr.questions[i].ID == id {
			return &lr.questions[i]
		}
	}
	return nil
}

// answers returns every current answer in question order.
func (lr *lockedResponse) answers() []Answer {
	out := make([]Answer, 0, len(lr.current))
	for _, q := range lr.questions {
		if a, ok := lr.current[q.ID]; ok {
			out = append(out, a)
		}
	}
	return out
}

func lockError(err error, key lockKey) error {
	switch {
	case errors.Is(err, pgx.ErrNoRows) && key.tokenHash != nil:
		return errBadToken
	case errors.Is(err, pgx.ErrNoRows) && key.sessionHash != nil:
		return ErrNoSession
	}
	return fmt.Errorf("lock response: %w", notFound(err))
}

// rollback ends the connection's transaction and returns err. A failed
// rollback leaves the transaction open, and the pool then closes the
// connection on release.
func rollback(ctx context.Context, conn *pgxpool.Conn, err error) error {
	conn.Exec(ctx, "ROLLBACK") //nolint:errcheck // see above
	return err
}

func versionConflict(current int) error {
	e := Errorf(KindConflict, "version_conflict",
		"Someone else saved this response since you loaded it (it is now at version %d). Nothing was overwritten: "+
			"load the current answers, merge your changes and save again.", current)
	e.Data, e.Err = map[string]any{"current_version": current}, ErrVersionConflict
	return e
}

// queueWrite adds to b the statement that bumps the response's version,
// upserts the answers and appends one revision per answer. (The revisions'
// foreign key to answers is checked at the end of the statement, by which
// time the upsert has run.) Its rows are the answers written, with the
// version and time this save gave them.
func queueWrite(b *pgx.Batch, p *Principal, answers []AnswerInput, lang string) *pgx.QueuedQuery {
	ids := make([]int64, len(answers))
	choices := make([]*string, len(answers))
	texts := make([]string, len(answers))
	langs := make([]string, len(answers))
	for i, a := range answers {
		ids[i], texts[i], langs[i] = a.QuestionID, a.Text, a.Language
		if a.Choice != "" {
			choices[i] = &answers[i].Choice
		}
	}
	return b.Queue(saveDraftSQL, p.ResponseID, p.QuestionSetID, p.ContributorID, ids, choices, texts, lang, langs)
}

// saveDraftSQL is the write of a draft save. cmd/vaconsult-load's pgbench
// script replays the same statement.
const saveDraftSQL = `
WITH v AS (
	UPDATE responses SET version = version + 1, updated_at = now(), language = $7
	WHERE id = $1 RETURNING version
), up AS (
	INSERT INTO answers AS a (response_id, question_id, question_set_id, choice, text, language, version, updated_by, updated_at)
	SELECT $1, i.qid, $2, i.choice, i.text, i.lang, v.version, $3, now()
	FROM unnest($4::bigint[], $5::text[], $6::text[], $8::text[]) AS i(qid, choice, text, lang), v
	ON CONFLICT (response_id, question_id) DO UPDATE SET
		choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language, version = EXCLUDED.version,
		updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
	RETURNING a.question_id, a.choice, a.text, a.language, a.version
)
INSERT INTO answer_revisions (response_id, question_id, version, choice, text, language, contributor_id)
SELECT $1, question_id, version, choice, text, language, $3 FROM up
RETURNING question_id, version, created_at`
