package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// FindConsultationByID returns the consultation with its question sets and
// questions, or ErrNotFound.
func (s *Store) FindConsultationByID(ctx context.Context, id int64) (*Consultation, error) {
	return findConsultationByID(ctx, s.pool, id)
}

// FindRespondent returns the respondent a principal acts for, or
// ErrNotFound.
func (s *Store) FindRespondent(ctx context.Context, p *Principal) (*Respondent, error) {
	return scanRespondent(s.pool.QueryRow(ctx, `SELECT `+respondentColumns+` FROM respondents WHERE id = $1`, p.RespondentID))
}

// SubmittedAnswer is an answer as it was last submitted: what the reviewers
// read.
type SubmittedAnswer struct {
	QuestionID int64
	Choice     string
	Text       string
}

// FindSubmittedAnswers returns the answers of the principal's response as
// last submitted, in question order; none when it was never submitted.
func (s *Store) FindSubmittedAnswers(ctx context.Context, p *Principal) ([]SubmittedAnswer, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT sa.question_id, coalesce(sa.choice, ''), sa.text
		FROM submitted_answers sa JOIN questions q ON q.id = sa.question_id
		WHERE sa.response_id = $1 ORDER BY q.number`, p.ResponseID)
	if err != nil {
		return nil, fmt.Errorf("find submitted answers: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SubmittedAnswer, error) {
		var a SubmittedAnswer
		err := r.Scan(&a.QuestionID, &a.Choice, &a.Text)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("find submitted answers: %w", err)
	}
	return out, nil
}
