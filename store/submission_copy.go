package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// SubmissionEntry is one submission in a response's history.
type SubmissionEntry struct {
	Receipt     string
	Version     int
	Attribution domain.Attribution
	SubmittedAt time.Time
	Contributor string // who submitted
	// Approved says the contributor who submitted is the respondent's
	// approver: the copy names them as such.
	Approved bool
}

// SubmissionCopy is what one submission held, to give the respondent a
// copy of it: the consultation and question set it answered, who
// submitted for whom, and each answer exactly as submitted.
type SubmissionCopy struct {
	SubmissionEntry
	Consultation *Consultation
	Set          *QuestionSet
	Respondent   string
	Country      string // ISO 3166 code, "" when none
	Kind         domain.RespondentKind
	Language     string // of the response: the copy's language unless one is asked for
	Answers      []CopiedAnswer
	// Kept says the submission's answers are known: false only for a
	// submission made before they were kept apart, and resubmitted since.
	Kept bool
}

// CopiedAnswer is one answer as a submission held it.
type CopiedAnswer struct {
	QuestionID int64
	Choice     string
	Text       string
	Language   string
}

// Answer returns the submission's answer to a question, if it holds one.
func (c *SubmissionCopy) Answer(questionID int64) (CopiedAnswer, bool) {
	for _, a := range c.Answers {
		if a.QuestionID == questionID {
			return a, true
		}
	}
	return CopiedAnswer{}, false
}

// queueSubmissionAnswers adds to b the copy of the answers a submission
// holds, from the answers as they stand in its transaction, beside the
// submission queueSubmission inserted before it in the same batch: the
// copy costs no round trip.
func queueSubmissionAnswers(b *pgx.Batch, p *Principal, sub Submission) {
	b.Queue(`INSERT INTO submission_answers (submission_id, question_id, choice, text, language)
		SELECT s.id, a.question_id, a.choice, a.text, a.language
		FROM submissions s JOIN answers a ON a.response_id = s.response_id
		WHERE s.response_id = $1 AND s.version = $2 AND (a.choice IS NOT NULL OR a.text <> '')`,
		p.ResponseID, sub.Version)
}

// FindSubmissions returns the history of the principal's response: every
// submission, newest first; none before the first.
func (s *Store) FindSubmissions(ctx context.Context, p *Principal) ([]SubmissionEntry, error) {
	rows, err := s.pool.Query(ctx, `SELECT s.receipt, s.version, s.attribution, s.submitted_at, c.name,
			s.approved_by IS NOT NULL
		FROM submissions s JOIN contributors c ON c.id = s.contributor_id
		WHERE s.response_id = $1 ORDER BY s.submitted_at DESC, s.id DESC`, p.ResponseID)
	if err != nil {
		return nil, fmt.Errorf("find submissions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (SubmissionEntry, error) {
		var e SubmissionEntry
		err := row.Scan(&e.Receipt, &e.Version, &e.Attribution, &e.SubmittedAt, &e.Contributor, &e.Approved)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("find submissions: %w", err)
	}
	return out, nil
}

// FindSubmissionCopy returns what a submission of the principal's
// response held: the one with receipt, or the last one when receipt is
// "". Before the first submission it returns a not-found error coded
// not_submitted; for a receipt that is not one of this response's, one
// coded no_such_receipt (another response's receipt is not found either).
func (s *Store) FindSubmissionCopy(ctx context.Context, p *Principal, receipt string) (*SubmissionCopy, error) {
	out := &SubmissionCopy{}
	var submissionID int64
	b := &pgx.Batch{}
	b.Queue(`SELECT s.id, s.receipt, s.version, s.attribution, s.submitted_at, c.name, s.approved_by IS NOT NULL,
			rd.name, rd.country, rd.kind, rs.language,
			EXISTS (SELECT 1 FROM submission_answers sa WHERE sa.submission_id = s.id)
		FROM submissions s
		JOIN contributors c ON c.id = s.contributor_id
		JOIN responses rs ON rs.id = s.response_id
		JOIN respondents rd ON rd.id = rs.respondent_id
		WHERE s.response_id = $1 AND ($2 = '' OR s.receipt = $2)
		ORDER BY s.submitted_at DESC, s.id DESC LIMIT 1`, p.ResponseID, receipt).QueryRow(func(row pgx.Row) error {
		err := row.Scan(&submissionID, &out.Receipt, &out.Version, &out.Attribution, &out.SubmittedAt,
			&out.Contributor, &out.Approved, &out.Respondent, &out.Country, &out.Kind, &out.Language, &out.Kept)
		if errors.Is(err, pgx.ErrNoRows) {
			return noSubmission(receipt)
		}
		return err
	})
	// The answers of the same submission, found again by the same
	// condition: one round trip for both.
	b.Queue(`SELECT sa.question_id, coalesce(sa.choice, ''), sa.text, sa.language
		FROM submission_answers sa
		WHERE sa.submission_id = (SELECT s.id FROM submissions s
			WHERE s.response_id = $1 AND ($2 = '' OR s.receipt = $2)
			ORDER BY s.submitted_at DESC, s.id DESC LIMIT 1)`, p.ResponseID, receipt).Query(func(rows pgx.Rows) (err error) {
		out.Answers, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (CopiedAnswer, error) {
			var a CopiedAnswer
			err := row.Scan(&a.QuestionID, &a.Choice, &a.Text, &a.Language)
			return a, err
		})
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		var e *Error
		if errors.As(err, &e) {
			return nil, e
		}
		return nil, fmt.Errorf("find submission copy: %w", err)
	}
	c, err := s.Consultation(ctx, p.ConsultationID, p.ConsultationVersion)
	if err != nil {
		return nil, err
	}
	set, ok := c.QuestionSet(p.Audience)
	if !ok {
		return nil, ErrNotFound
	}
	out.Consultation, out.Set = c, set
	return out, nil
}

// noSubmission is the error of a copy asked for before the first
// submission, or by a receipt that is not one of the response's.
func noSubmission(receipt string) *Error {
	if receipt == "" {
		return Errorf(KindNotFound, "not_submitted", "This response has not been submitted yet: there is no copy.")
	}
	return Errorf(KindNotFound, "no_such_receipt", "No submission of this response has that receipt.")
}

// loadReceiptCopy adds to a receipt the copy of the submission it is for,
// the response's last, so that the message can carry it whole.
func loadReceiptCopy(ctx context.Context, tx pgx.Tx, o *Outgoing, responseID int64) error {
	if o.Receipt == "" {
		return nil
	}
	c := &SubmissionCopy{}
	var submissionID, consultationID int64
	var audience domain.Audience
	err := tx.QueryRow(ctx, `SELECT s.id, s.receipt, s.version, s.attribution, s.submitted_at, c.name, s.approved_by IS NOT NULL,
			rd.name, rd.country, rd.kind, rd.audience, rd.consultation_id, rs.language
		FROM submissions s
		JOIN contributors c ON c.id = s.contributor_id
		JOIN responses rs ON rs.id = s.response_id
		JOIN respondents rd ON rd.id = rs.respondent_id
		WHERE s.response_id = $1 AND s.receipt = $2`, responseID, o.Receipt).Scan(&submissionID, &c.Receipt, &c.Version,
		&c.Attribution, &c.SubmittedAt, &c.Contributor, &c.Approved, &c.Respondent, &c.Country, &c.Kind, &audience, &consultationID, &c.Language)
	if err != nil {
		return fmt.Errorf("load receipt's copy: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT question_id, coalesce(choice, ''), text, language
		FROM submission_answers WHERE submission_id = $1`, submissionID)
	if err != nil {
		return fmt.Errorf("load receipt's copy: %w", err)
	}
	c.Answers, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (CopiedAnswer, error) {
		var a CopiedAnswer
		err := row.Scan(&a.QuestionID, &a.Choice, &a.Text, &a.Language)
		return a, err
	})
	if err != nil {
		return fmt.Errorf("load receipt's copy: %w", err)
	}
	c.Kept = len(c.Answers) > 0
	if c.Consultation, err = findConsultationByID(ctx, tx, consultationID); err != nil {
		return fmt.Errorf("load receipt's copy: %w", err)
	}
	set, ok := c.Consultation.QuestionSet(audience)
	if !ok {
		return nil // a copy needs its questions: the message goes without
	}
	c.Set, o.Copy = set, c
	return nil
}
