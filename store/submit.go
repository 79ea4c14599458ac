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
// respondent saw, and returns it with its receipt: Submit with a known
// principal.
func (s *Store) SubmitResponse(ctx context.Context, p *Principal, sub Submission) (*Response, error) {
	r, _, err := s.Submit(ctx, Saver{Principal: p}, sub)
	return r, err
}

// Submit submits the response of who at the version the respondent saw,
// and returns it with its receipt and the principal it authenticated.
// Submitting the same version again returns the first receipt and creates
// nothing (a changed attribution is recorded). It refuses an unknown or
// revoked token or an ended session (unauthorized), a consultation that is
// not open (ErrClosed, ErrNotOpen), a stale version (ErrVersionConflict),
// and with a *ValidationError a response missing required answers or an
// attribution: missing_answers listing each question by id and the
// attribution when it is missing too, validation_failed when only the
// attribution is.
//
// Like a save, it costs two round trips: authentication, the lock and the
// answers travel with BEGIN, and the writes, the receipt's message, the
// audit entry and the response as it then stands (RETURNING) with COMMIT.
func (s *Store) Submit(ctx context.Context, who Saver, sub Submission) (*Response, *Principal, error) {
	key, err := who.key()
	if err != nil {
		return nil, nil, err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("submit: %w", err)
	}
	defer conn.Release() // closed by the pool when released inside a transaction
	lr, so := newLockedResponse(), &lockedSignOff{}
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	queueLock(b, key, lr)
	queueSignOff(b, key, so)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return nil, nil, rollback(ctx, conn, lockError(err, key))
	}
	p := &lr.principal
	if err := lr.checkOpen(s.now()); err != nil {
		return nil, nil, rollback(ctx, conn, err)
	}
	if so.required() {
		return nil, nil, rollback(ctx, conn, approvalRequired(so.approvers))
	}
	if sub.Version != lr.version {
		return nil, nil, rollback(ctx, conn, versionConflict(lr.version))
	}
	resubmit := lr.status == domain.StatusSubmitted && lr.submittedVersion == sub.Version
	if !sub.Attribution.Valid() { // checked after authentication: who asks is answered first
		// Every reason at once: the attribution, and the answers still
		// missing unless this version was submitted already.
		if err := lr.checkComplete(true); err != nil && !resubmit {
			return nil, nil, rollback(ctx, conn, err)
		}
		return nil, nil, rollback(ctx, conn, attributionMissing())
	}
	out := &Response{ID: p.ResponseID, Answers: lr.answers()}
	b = &pgx.Batch{}
	if resubmit {
		if lr.attribution != sub.Attribution {
			queueChangeAttribution(b, p, lr, sub.Attribution)
		}
		b.Queue(`SELECT status, version, attribution, receipt, language, submitted_version, submitted_at, updated_at
			FROM responses WHERE id = $1`, p.ResponseID).QueryRow(out.scan)
		queueApprovedBy(b, p, lr.version, out)
	} else {
		if err := lr.checkComplete(false); err != nil {
			return nil, nil, rollback(ctx, conn, err)
		}
		var approvedBy *int64
		if len(so.approvers) > 0 {
			approvedBy, out.SignOff.ApprovedBy = &p.ContributorID, p.ContributorName
		}
		queueSubmission(b, p, sub, approvedBy).QueryRow(out.scan)
		queueSubmissionAnswers(b, p, sub)
		queueReceipt(b, p, sub.Language)
	}
	b.Queue("COMMIT")
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return nil, nil, rollback(ctx, conn, fmt.Errorf("submit: %w", err))
	}
	return out, p, nil
}

// scan reads the response's columns as queueSubmission returns them.
func (r *Response) scan(row pgx.Row) error {
	var attribution *domain.Attribution
	var receipt *string
	var submittedVersion *int
	err := row.Scan(&r.Status, &r.Version, &attribution, &receipt, &r.Language,
		&submittedVersion, &r.SubmittedAt, &r.UpdatedAt)
	r.Attribution, r.Receipt = deref(attribution), deref(receipt)
	r.SubmittedVersion = deref(submittedVersion)
	return err
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
	if lr.documentsStandIn {
		e.Problems = nil // the documents answer instead
	}
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

// queueChangeAttribution adds to b the change of a submitted response's
// attribution, with its audit entry.
func queueChangeAttribution(b *pgx.Batch, p *Principal, lr *lockedResponse, attribution domain.Attribution) {
	b.Queue(`
		WITH s AS (UPDATE submissions SET attribution = $2 WHERE response_id = $1 AND version = $3)
		UPDATE responses SET attribution = $2, updated_at = now() WHERE id = $1`,
		p.ResponseID, attribution, lr.version)
	queueAudit(b, Audit{Actor: actor(p), Action: "response.attribution", ConsultationID: &p.ConsultationID,
		Subject: fmt.Sprintf("response:%d", p.ResponseID), Details: map[string]any{"attribution": attribution}})
}

// queueSubmission adds to b what records the submission: the submission
// and the response marked submitted (whose row it returns), what reviewers
// read made equal to the current answers, and the audit entry; the
// approver who submits, when the respondent has one, is recorded with it
// and the pending request for approval is cleared. The
// submitted answers are updated in place rather than replaced, so the
// themes reviewers tagged them with survive a resubmission.
func queueSubmission(b *pgx.Batch, p *Principal, sub Submission, approvedBy *int64) *pgx.QueuedQuery {
	receipt := newReceipt()
	lang := sub.Language
	if lang == "" {
		lang = "en"
	}
	q := b.Queue(`
		WITH s AS (
			INSERT INTO submissions (response_id, version, receipt, attribution, contributor_id, approved_by)
			VALUES ($1, $2, $3, $4, $5, $7)
		)
		UPDATE responses SET status = 'submitted', submitted_version = $2, receipt = $3, attribution = $4,
			language = $6, submitted_at = now(), updated_at = now(),
			approval_requested_by = NULL, approval_requested_at = NULL
		WHERE id = $1
		RETURNING status, version, attribution, receipt, language, submitted_version, submitted_at, updated_at`,
		p.ResponseID, sub.Version, receipt, sub.Attribution, p.ContributorID, lang, approvedBy)
	b.Queue(`DELETE FROM submitted_answers sa WHERE sa.response_id = $1
		AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.response_id = sa.response_id
			AND a.question_id = sa.question_id AND (a.choice IS NOT NULL OR a.text <> ''))`, p.ResponseID)
	b.Queue(`INSERT INTO submitted_answers AS sa (response_id, question_id, choice, text, language)
		SELECT response_id, question_id, choice, text, language FROM answers
		WHERE response_id = $1 AND (choice IS NOT NULL OR text <> '')
		ON CONFLICT (response_id, question_id) DO UPDATE SET
			choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language
		WHERE sa.choice IS DISTINCT FROM EXCLUDED.choice OR sa.text <> EXCLUDED.text
			OR sa.language <> EXCLUDED.language`, p.ResponseID)
	queueAudit(b, Audit{Actor: actor(p), Action: "response.submit", ConsultationID: &p.ConsultationID,
		Subject: fmt.Sprintf("response:%d", p.ResponseID),
		Details: map[string]any{"version": sub.Version, "receipt": receipt, "attribution": sub.Attribution, "approved_by": approvedBy}})
	return q
}

// queueApprovedBy adds to b the read of the approver who made the
// submission of version, for a resubmission's answer.
func queueApprovedBy(b *pgx.Batch, p *Principal, version int, out *Response) {
	b.Queue(`SELECT COALESCE(a.name, '') FROM submissions s LEFT JOIN contributors a ON a.id = s.approved_by
		WHERE s.response_id = $1 AND s.version = $2`, p.ResponseID, version).QueryRow(func(row pgx.Row) error {
		return row.Scan(&out.SignOff.ApprovedBy)
	})
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
