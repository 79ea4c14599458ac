package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
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
	version          int
	status           string
	submittedVersion int
	attribution      string
	consultation     Consultation
	questions        []Question
	current          map[int64]AnswerInput // question id → current answer
}

// lockResponse locks the principal's response and reads its questions and
// current answers, in one round trip.
func lockResponse(ctx context.Context, tx pgx.Tx, p *Principal) (*lockedResponse, error) {
	b := &pgx.Batch{}
	lr := &lockedResponse{current: map[int64]AnswerInput{}}
	var submitted *int
	var attribution *string
	c := &lr.consultation
	b.Queue(`SELECT r.version, r.status, r.submitted_version, r.attribution,
			c.id, c.slug, c.opens_at, c.closes_at, c.time_zone
		FROM responses r JOIN consultations c ON c.id = $2
		WHERE r.id = $1 FOR UPDATE OF r`, p.ResponseID, p.ConsultationID).
		QueryRow(func(row pgx.Row) error {
			return row.Scan(&lr.version, &lr.status, &submitted, &attribution,
				&c.ID, &c.Slug, &c.OpensAt, &c.ClosesAt, &c.TimeZone)
		})
	b.Queue(`SELECT q.id, q.number, q.kind, q.required, q.max_length, q.choices, a.choice, a.text
		FROM questions q LEFT JOIN answers a ON a.question_id = q.id AND a.response_id = $2
		WHERE q.question_set_id = $1 ORDER BY q.number`, p.QuestionSetID, p.ResponseID).
		Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var q Question
				var choice, text *string
				if err := rows.Scan(&q.ID, &q.Number, &q.Kind, &q.Required, &q.MaxLength, &q.Choices, &choice, &text); err != nil {
					return err
				}
				lr.questions = append(lr.questions, q)
				if text != nil {
					lr.current[q.ID] = AnswerInput{QuestionID: q.ID, Choice: deref(choice), Text: *text}
				}
			}
			return rows.Err()
		})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("lock response: %w", notFound(err))
	}
	if submitted != nil {
		lr.submittedVersion = *submitted
	}
	lr.attribution = deref(attribution)
	return lr, nil
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
// new version. A draft based on an older version than the
// current one is refused with a version_conflict error carrying the current
// version, and changes nothing; a retry of a save that already landed (a
// stale version, but every answer already as sent) succeeds without a new
// version. Invalid answers get a validation error naming each one.
func (s *Store) SaveDraft(ctx context.Context, p *Principal, d Draft) (*Saved, error) {
	var out *Saved
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		lr, err := lockResponse(ctx, tx, p)
		if err != nil {
			return err
		}
		if err := lr.checkOpen(s.now()); err != nil {
			return err
		}
		if err := lr.validate(d.Answers); err != nil {
			return err
		}
		changed := lr.changed(d.Answers)
		if d.Version != lr.version && len(changed) > 0 {
			return versionConflict(lr.version)
		}
		out = &Saved{Version: lr.version}
		if len(changed) == 0 {
			return nil
		}
		out.Changed = true
		out.Version, err = writeAnswers(ctx, tx, p, changed, d.Language)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
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

// writeAnswers bumps the response's version, upserts the answers and appends
// one revision per answer, in a single statement. (The revisions' foreign
// key to answers is checked at the end of the statement, by which time the
// upsert has run.)
func writeAnswers(ctx context.Context, tx pgx.Tx, p *Principal, answers []AnswerInput, lang string) (int, error) {
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
	var version int
	err := tx.QueryRow(ctx, saveDraftSQL, p.ResponseID, p.QuestionSetID, p.ContributorID, ids, choices, texts, lang).Scan(&version)
	if err != nil {
		return 0, fmt.Errorf("save draft: %w", err)
	}
	return version, nil
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
