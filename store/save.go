package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vaconsult/vaconsult/questionset"
)

// AnswerInput is one answer as a respondent sends it. An empty Choice means
// no choice; an answer with neither clears it.
type AnswerInput struct {
	QuestionID int64
	Choice     string
	Text       string
}

// Draft is a save of some answers, based on the version the respondent last
// saw.
type Draft struct {
	Version  int
	Answers  []AnswerInput
	Language string
}

// lockedResponse is a response locked for update, with what a save or a
// submission needs to check it.
type lockedResponse struct {
	principal        Principal
	version          int
	status           string
	submittedVersion int
	attribution      string
	consultation     Consultation
	questions        []Question
	current          map[int64]AnswerInput // question id → current answer
}

// lockKey picks the response to lock: by an access token's hash (the API,
// which authenticates in the same round trip) or by a known principal.
type lockKey struct {
	tokenHash []byte
	principal *Principal
}

// lockSQL locks a response and reads what a save needs. The WHERE clause
// is appended: by token, or by response id.
const lockSQL = `SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience,
		rs.version, rs.status, rs.submitted_version, rs.attribution,
		c.slug, c.opens_at, c.closes_at, c.time_zone
	FROM contributors k
	JOIN respondents r ON r.id = k.respondent_id
	JOIN responses rs ON rs.respondent_id = r.id
	JOIN consultations c ON c.id = r.consultation_id
	WHERE `

// lockQuestionsSQL reads the questions of the response's set with its
// current answers; only the choices' values, which validation needs.
const lockQuestionsSQL = `SELECT q.id, q.number, q.kind, q.required, q.max_length,
		ARRAY(SELECT e->>'value' FROM jsonb_array_elements(q.choices) e), a.choice, a.text
	FROM contributors k
	JOIN responses rs ON rs.respondent_id = k.respondent_id
	JOIN questions q ON q.question_set_id = rs.question_set_id
	LEFT JOIN answers a ON a.question_id = q.id AND a.response_id = rs.id
	WHERE `

func (k lockKey) where() (string, any) {
	if k.principal != nil {
		return "k.id = $1", k.principal.ContributorID
	}
	return "k.token_hash = $1 AND k.revoked_at IS NULL", k.tokenHash
}

// queueLock adds to b the two statements that lock the response of key and
// read its questions and current answers; their results land in lr.
func queueLock(b *pgx.Batch, key lockKey, lr *lockedResponse) {
	where, arg := key.where()
	var submitted *int
	var attribution *string
	p, c := &lr.principal, &lr.consultation
	b.Queue(lockSQL+where+` FOR UPDATE OF rs`, arg).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&p.ContributorID, &p.ContributorName, &p.RespondentID, &p.ResponseID,
			&p.ConsultationID, &p.QuestionSetID, &p.Audience,
			&lr.version, &lr.status, &submitted, &attribution,
			&c.Slug, &c.OpensAt, &c.ClosesAt, &c.TimeZone)
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
	b.Queue(lockQuestionsSQL+where+` ORDER BY q.number`, arg).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			if err := lr.scanQuestion(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

func (lr *lockedResponse) scanQuestion(rows pgx.Rows) error {
	var q Question
	var values []string
	var choice, text *string
	if err := rows.Scan(&q.ID, &q.Number, &q.Kind, &q.Required, &q.MaxLength, &values, &choice, &text); err != nil {
		return err
	}
	for _, v := range values {
		q.Choices = append(q.Choices, questionset.Choice{Value: v})
	}
	lr.questions = append(lr.questions, q)
	if text != nil {
		lr.current[q.ID] = AnswerInput{QuestionID: q.ID, Choice: deref(choice), Text: *text}
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
	return &lockedResponse{current: map[int64]AnswerInput{}}
}

// checkOpen refuses changes outside the consultation's opening times.
func (lr *lockedResponse) checkOpen(now time.Time) error {
	c := &lr.consultation
	switch c.StatusAt(now) {
	case StatusUpcoming:
		e := Errorf(KindConflict, "consultation_not_open", "This consultation opens on %s. Your draft is kept.",
			c.OpensAt.In(c.Location()).Format("2 January 2006 at 15:04 MST"))
		e.Data = map[string]any{"opens_at": c.OpensAt}
		return e
	case StatusClosed:
		e := Errorf(KindConflict, "consultation_closed", "This consultation closed on %s: answers can no longer be changed.",
			c.ClosesAt.In(c.Location()).Format("2 January 2006 at 15:04 MST"))
		e.Data = map[string]any{"closes_at": c.ClosesAt}
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

// Saved is the outcome of a draft save.
type Saved struct {
	Version int  // the response's version after the save
	Changed bool // false when every answer was already as sent
}

// SaveDraft saves some answers of the principal's response and returns its
// new version. A draft based on an older version than the current one is
// refused with a version_conflict error carrying the current version, and
// changes nothing; a retry of a save that already landed (a stale version,
// but every answer already as sent) succeeds without a new version. Invalid
// answers get a validation error naming each one.
func (s *Store) SaveDraft(ctx context.Context, p *Principal, d Draft) (*Saved, error) {
	_, saved, err := s.saveDraft(ctx, lockKey{principal: p}, d)
	return saved, err
}

// SaveDraftWithToken authenticates an access token and saves a draft for
// its contributor, as SaveDraft does. Authentication, locking and reading
// travel with BEGIN in one round trip, and the write with COMMIT in a
// second: the save is the hot path of a consultation. It returns an
// unauthorized error for an unknown or revoked token.
func (s *Store) SaveDraftWithToken(ctx context.Context, token string, d Draft) (*Principal, *Saved, error) {
	if !plausibleToken(token) {
		return nil, nil, errBadToken
	}
	return s.saveDraft(ctx, lockKey{tokenHash: hashToken(token)}, d)
}

func (s *Store) saveDraft(ctx context.Context, key lockKey, d Draft) (*Principal, *Saved, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("save draft: %w", err)
	}
	// A connection released inside a transaction is closed by the pool, so
	// an early return cannot leak an open transaction.
	defer conn.Release()
	lr := newLockedResponse()
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	queueLock(b, key, lr)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return nil, nil, rollback(ctx, conn, lockError(err, key))
	}
	changed, err := lr.checkDraft(s.now(), d)
	if err != nil {
		return nil, nil, rollback(ctx, conn, err)
	}
	if len(changed) == 0 {
		return &lr.principal, &Saved{Version: lr.version}, rollback(ctx, conn, nil)
	}
	saved := &Saved{Changed: true}
	b = &pgx.Batch{}
	queueWrite(b, &lr.principal, changed, d.Language).QueryRow(func(row pgx.Row) error {
		return row.Scan(&saved.Version)
	})
	b.Queue("COMMIT")
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return nil, nil, rollback(ctx, conn, fmt.Errorf("save draft: %w", err))
	}
	return &lr.principal, saved, nil
}

// checkDraft returns the answers of d that change something, or why d
// cannot be saved.
func (lr *lockedResponse) checkDraft(now time.Time, d Draft) ([]AnswerInput, error) {
	if err := lr.checkOpen(now); err != nil {
		return nil, err
	}
	if err := lr.validate(d.Answers); err != nil {
		return nil, err
	}
	changed := lr.changed(d.Answers)
	if d.Version != lr.version && len(changed) > 0 {
		return nil, versionConflict(lr.version)
	}
	return changed, nil
}

func lockError(err error, key lockKey) error {
	if errors.Is(err, pgx.ErrNoRows) && key.tokenHash != nil {
		return errBadToken
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
	e.Data = map[string]any{"current_version": current}
	return e
}

// validate checks every answer against its question and returns one
// validation error listing each wrong answer by question id.
func (lr *lockedResponse) validate(answers []AnswerInput) error {
	fields := map[string]string{}
	seen := map[int64]bool{}
	for _, a := range answers {
		key := strconv.FormatInt(a.QuestionID, 10)
		q := lr.question(a.QuestionID)
		switch {
		case q == nil:
			fields[key] = "is not a question of your question set"
		case seen[a.QuestionID]:
			fields[key] = "is answered twice in one save"
		default:
			if msg := checkAnswer(q, a); msg != "" {
				fields[key] = msg
			}
		}
		seen[a.QuestionID] = true
	}
	if len(fields) == 0 {
		return nil
	}
	return &Error{Kind: KindValidation, Code: "invalid_answers", Message: "Some answers cannot be saved.", Fields: fields}
}

func checkAnswer(q *Question, a AnswerInput) string {
	switch {
	case !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, 0):
		return "contains characters that are not valid text"
	case a.Text != "" && !q.TakesText():
		return fmt.Sprintf("question %d takes a choice only, no text", q.Number)
	case a.Choice != "" && !q.TakesChoice():
		return fmt.Sprintf("question %d takes text only, no choice", q.Number)
	case a.Choice != "" && !q.HasChoice(a.Choice):
		return fmt.Sprintf("%q is not one of the choices of question %d", a.Choice, q.Number)
	}
	if n := utf8.RuneCountInString(a.Text); n > q.MaxLength {
		return fmt.Sprintf("is %d characters long; question %d allows at most %d", n, q.Number, q.MaxLength)
	}
	return ""
}

// changed returns the answers that differ from the current ones.
func (lr *lockedResponse) changed(answers []AnswerInput) []AnswerInput {
	var out []AnswerInput
	for _, a := range answers {
		if cur, ok := lr.current[a.QuestionID]; ok && cur.Choice == a.Choice && cur.Text == a.Text {
			continue
		}
		if _, ok := lr.current[a.QuestionID]; !ok && a.Choice == "" && a.Text == "" {
			continue
		}
		out = append(out, a)
	}
	return out
}

// queueWrite adds to b the statement that bumps the response's version,
// upserts the answers and appends one revision per answer. (The revisions'
// foreign key to answers is checked at the end of the statement, by which
// time the upsert has run.) It returns the queued statement, whose one row
// is the new version.
func queueWrite(b *pgx.Batch, p *Principal, answers []AnswerInput, lang string) *pgx.QueuedQuery {
	ids := make([]int64, len(answers))
	choices := make([]*string, len(answers))
	texts := make([]string, len(answers))
	for i, a := range answers {
		ids[i], texts[i] = a.QuestionID, a.Text
		if a.Choice != "" {
			choices[i] = &answers[i].Choice
		}
	}
	if lang == "" {
		lang = "en"
	}
	return b.Queue(saveDraftSQL, p.ResponseID, p.QuestionSetID, p.ContributorID, ids, choices, texts, lang)
}

// saveDraftSQL is the write of a draft save. cmd/vaconsult-load's pgbench
// script replays the same statement.
const saveDraftSQL = `
WITH v AS (
	UPDATE responses SET version = version + 1, updated_at = now(), language = $7
	WHERE id = $1 RETURNING version
), up AS (
	INSERT INTO answers AS a (response_id, question_id, question_set_id, choice, text, version, updated_by, updated_at)
	SELECT $1, i.qid, $2, i.choice, i.text, v.version, $3, now()
	FROM unnest($4::bigint[], $5::text[], $6::text[]) AS i(qid, choice, text), v
	ON CONFLICT (response_id, question_id) DO UPDATE SET
		choice = EXCLUDED.choice, text = EXCLUDED.text, version = EXCLUDED.version,
		updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
	RETURNING a.question_id, a.choice, a.text, a.version
)
INSERT INTO answer_revisions (response_id, question_id, version, choice, text, contributor_id)
SELECT $1, question_id, version, choice, text, $3 FROM up
RETURNING version`
