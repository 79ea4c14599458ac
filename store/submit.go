package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Submission is a request to submit a response as it stands at Version.
type Submission struct {
	Version     int
	Attribution domain.Attribution
	Language    string
}

// SubmitResponse submits the principal's response at the version the
// respondent saw, and returns it with its receipt. Submitting the same
// version again returns the first receipt and creates nothing (a changed
// attribution is recorded). It refuses a consultation that is not open
// (ErrClosed, ErrNotOpen), a stale version (ErrVersionConflict), and with
// a *ValidationError a response missing required answers or an
// attribution: missing_answers listing each question by id and the
// attribution when it is missing too, validation_failed when only the
// attribution is.
func (s *Store) SubmitResponse(ctx context.Context, p *Principal, sub Submission) (*Response, error) {
	var out *Response
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		lr, err := lockResponse(ctx, tx, p)
		if err != nil {
			return err
		}
		if err := lr.checkOpen(s.now()); err != nil {
			return err
		}
		if sub.Version != lr.version {
			return versionConflict(lr.version)
		}
		resubmit := lr.status == domain.StatusSubmitted && lr.submittedVersion == sub.Version
		if !sub.Attribution.Valid() {
			// Every reason at once: the attribution, and the answers
			// still missing unless this version was submitted already.
			if err := lr.checkComplete(true); err != nil && !resubmit {
				return err
			}
			return attributionMissing()
		}
		if resubmit {
			if err := changeAttribution(ctx, tx, p, lr, sub.Attribution); err != nil {
				return err
			}
		} else {
			if err := lr.checkComplete(false); err != nil {
				return err
			}
			if err := insertSubmission(ctx, tx, p, sub); err != nil {
				return err
			}
			if err := s.queueReceipt(ctx, tx, p, sub.Language); err != nil {
				return err
			}
		}
		out, err = findResponse(ctx, tx, p.ResponseID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func attributionMissing() *ValidationError {
	return &ValidationError{Code: "validation_failed", Key: "error.validation_failed",
		Problems: []Problem{{Field: "attribution", Key: "check.error.attribution"}}}
}

// checkComplete returns a validation error naming every required question
// left unanswered, in the questions' order, and the attribution when
// attributionMissing is set: every reason the submission cannot go
// through, at once.
func (lr *lockedResponse) checkComplete(attributionMissing bool) error {
	e := &ValidationError{Code: "missing_answers", Key: "error.missing_answers",
		Problems: MissingAnswers(lr.questions, lr.answers())}
	if len(e.Problems) > 0 && attributionMissing {
		e.Problems = append([]Problem{{Field: "attribution", Key: "check.error.attribution"}}, e.Problems...)
	}
	return e.orNil()
}

// MissingAnswers returns a problem for each required question of qs that
// answers leave unanswered, in the questions' order: what keeps a
// response from being submitted.
func MissingAnswers(qs []Question, answers []Answer) []Problem {
	var out []Problem
	for _, q := range qs {
		if !q.Required {
			continue
		}
		var a Answer
		for _, cur := range answers {
			if cur.QuestionID == q.ID {
				a = cur
			}
		}
		p := Problem{Field: strconv.FormatInt(q.ID, 10), Question: q.ID, Args: []any{q.Number}}
		switch {
		case q.TakesChoice() && a.Choice == "":
			p.Key, p.Choice = "check.error.missing_choice", true
		case q.Kind == questionset.KindText && strings.TrimSpace(a.Text) == "":
			p.Key = "check.error.missing"
		default:
			continue
		}
		out = append(out, p)
	}
	return out
}

func changeAttribution(ctx context.Context, tx pgx.Tx, p *Principal, lr *lockedResponse, attribution domain.Attribution) error {
	if lr.attribution == attribution {
		return nil
	}
	_, err := tx.Exec(ctx, `
		WITH s AS (UPDATE submissions SET attribution = $2 WHERE response_id = $1 AND version = $3)
		UPDATE responses SET attribution = $2, updated_at = now() WHERE id = $1`,
		p.ResponseID, attribution, lr.version)
	if err != nil {
		return fmt.Errorf("change attribution: %w", err)
	}
	return insertAudit(ctx, tx, Audit{Actor: actor(p), Action: "response.attribution", ConsultationID: &p.ConsultationID,
		Subject: fmt.Sprintf("response:%d", p.ResponseID), Details: map[string]any{"attribution": attribution}})
}

// insertSubmission records the submission, copies the current answers to
// what reviewers read, and marks the response submitted.
func insertSubmission(ctx context.Context, tx pgx.Tx, p *Principal, sub Submission) error {
	receipt := newReceipt()
	lang := sub.Language
	if lang == "" {
		lang = "en"
	}
	_, err := tx.Exec(ctx, `
		WITH s AS (
			INSERT INTO submissions (response_id, version, receipt, attribution, contributor_id)
			VALUES ($1, $2, $3, $4, $5)
		)
		UPDATE responses SET status = 'submitted', submitted_version = $2, receipt = $3, attribution = $4,
			language = $6, submitted_at = now(), updated_at = now()
		WHERE id = $1`, p.ResponseID, sub.Version, receipt, sub.Attribution, p.ContributorID, lang)
	if err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	if err := copySubmittedAnswers(ctx, tx, p.ResponseID); err != nil {
		return err
	}
	return insertAudit(ctx, tx, Audit{Actor: actor(p), Action: "response.submit", ConsultationID: &p.ConsultationID,
		Subject: fmt.Sprintf("response:%d", p.ResponseID),
		Details: map[string]any{"version": sub.Version, "receipt": receipt, "attribution": sub.Attribution}})
}

// copySubmittedAnswers makes what reviewers read equal to the current
// answers. Rows are updated in place rather than replaced, so the themes
// reviewers tagged them with survive a resubmission.
func copySubmittedAnswers(ctx context.Context, tx pgx.Tx, responseID int64) error {
	_, err := tx.Exec(ctx, `DELETE FROM submitted_answers sa WHERE sa.response_id = $1
		AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.response_id = sa.response_id
			AND a.question_id = sa.question_id AND (a.choice IS NOT NULL OR a.text <> ''))`, responseID)
	if err != nil {
		return fmt.Errorf("submit answers: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO submitted_answers AS sa (response_id, question_id, choice, text, language)
		SELECT response_id, question_id, choice, text, language FROM answers
		WHERE response_id = $1 AND (choice IS NOT NULL OR text <> '')
		ON CONFLICT (response_id, question_id) DO UPDATE SET
			choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language
		WHERE sa.choice IS DISTINCT FROM EXCLUDED.choice OR sa.text <> EXCLUDED.text
			OR sa.language <> EXCLUDED.language`, responseID)
	if err != nil {
		return fmt.Errorf("submit answers: %w", err)
	}
	return nil
}

func actor(p *Principal) string { return fmt.Sprintf("contributor:%d", p.ContributorID) }

// receiptAlphabet is Crockford's base 32: no I, L, O or U, so a receipt read
// aloud or copied by hand is not misread.
const receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// newReceipt returns a receipt reference such as VA-7K3M-Q9XD-2B4F (60 bits).
func newReceipt() string {
	b := make([]byte, 12)
	rand.Read(b) // never fails: see crypto/rand
	var sb strings.Builder
	sb.WriteString("VA")
	for i, c := range b {
		if i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(receiptAlphabet[int(c)%len(receiptAlphabet)])
	}
	return sb.String()
}
