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
// attribution is recorded). It refuses a stale version (version_conflict), a
// response missing required answers (a validation error listing each by
// question id) and a consultation that is not open.
func (s *Store) SubmitResponse(ctx context.Context, p *Principal, sub Submission) (*Response, error) {
	if !sub.Attribution.Valid() {
		return nil, &Error{Kind: KindValidation, Code: "validation_failed", Message: "Choose how your answers may be quoted.",
			Fields: map[string]string{"attribution": "must be " + domain.OneOf(domain.Attributions...)}}
	}
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
		if lr.status == domain.StatusSubmitted && lr.submittedVersion == sub.Version {
			if err := changeAttribution(ctx, tx, p, lr, sub.Attribution); err != nil {
				return err
			}
		} else {
			if err := lr.checkComplete(); err != nil {
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

// checkComplete returns a validation error naming every required question
// left unanswered.
func (lr *lockedResponse) checkComplete() error {
	fields := map[string]string{}
	for _, q := range lr.questions {
		if !q.Required {
			continue
		}
		a := lr.current[q.ID]
		switch {
		case q.TakesChoice() && a.Choice == "":
			fields[strconv.FormatInt(q.ID, 10)] = fmt.Sprintf("question %d needs an answer: choose one", q.Number)
		case q.Kind == questionset.KindText && strings.TrimSpace(a.Text) == "":
			fields[strconv.FormatInt(q.ID, 10)] = fmt.Sprintf("question %d needs an answer", q.Number)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &Error{Kind: KindValidation, Code: "missing_answers",
		Message: "Some required questions are not answered yet.", Fields: fields}
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
