package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Principal is who an access token stands for: one contributor of one
// respondent, and so one response and nothing else.
type Principal struct {
	ContributorID   int64
	ContributorName string
	RespondentID    int64
	ResponseID      int64
	ConsultationID  int64
	QuestionSetID   int64
	Audience        domain.Audience
}

// Response is a respondent's response with its current answers.
type Response struct {
	ID               int64
	Status           domain.ResponseStatus
	Version          int
	Attribution      domain.Attribution // "" until submitted
	Receipt          string
	Language         string
	SubmittedVersion int
	SubmittedAt      *time.Time
	UpdatedAt        time.Time
	Answers          []Answer
}

// Answer is the current state of one answer.
type Answer struct {
	QuestionID  int64
	Choice      string
	Text        string
	Language    string // the language it is written in
	Version     int
	UpdatedByID int64
	UpdatedBy   string // the contributor's name
	UpdatedAt   time.Time
}

// Authenticate returns the principal an access token stands for. It returns
// an unauthorized error for a malformed, unknown or revoked token.
func (s *Store) Authenticate(ctx context.Context, token string) (*Principal, error) {
	hash, ok := accessTokenHash(token)
	if !ok {
		return nil, errBadToken
	}
	p, err := scanPrincipal(s.pool.QueryRow(ctx, `
		SELECT c.id, c.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience
		FROM contributors c
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		WHERE c.token_hash = $1 AND c.revoked_at IS NULL`, hash))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errBadToken
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	return p, nil
}

// scanPrincipal reads a principal from a row of contributor id and name,
// respondent, response, consultation, question set and audience. It
// returns pgx.ErrNoRows when there is none.
func scanPrincipal(row pgx.Row) (*Principal, error) {
	var p Principal
	err := row.Scan(&p.ContributorID, &p.ContributorName, &p.RespondentID, &p.ResponseID,
		&p.ConsultationID, &p.QuestionSetID, &p.Audience)
	if err != nil {
		return nil, err
	}
	return &p, nil
}

var errBadToken = Errorf(KindUnauthorized, "invalid_token",
	"This access link is not valid: it may have been mistyped or withdrawn. Ask the secretariat for a new one.")

// FindResponse returns the principal's response with its current answers.
func (s *Store) FindResponse(ctx context.Context, p *Principal) (*Response, error) {
	return findResponse(ctx, s.pool, p.ResponseID)
}

func findResponse(ctx context.Context, db DBTX, responseID int64) (*Response, error) {
	var r Response
	var attribution *domain.Attribution
	var receipt *string
	var submittedVersion *int
	err := db.QueryRow(ctx, `SELECT id, status, version, attribution, receipt, language,
			submitted_version, submitted_at, updated_at
		FROM responses WHERE id = $1`, responseID).
		Scan(&r.ID, &r.Status, &r.Version, &attribution, &receipt, &r.Language,
			&submittedVersion, &r.SubmittedAt, &r.UpdatedAt)
	if err != nil {
		return nil, notFound(err)
	}
	r.Attribution, r.Receipt = deref(attribution), deref(receipt)
	if submittedVersion != nil {
		r.SubmittedVersion = *submittedVersion
	}
	if r.Answers, err = findAnswers(ctx, db, responseID); err != nil {
		return nil, err
	}
	return &r, nil
}

// deref returns what p points to, or the zero value for a NULL.
func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}

func findAnswers(ctx context.Context, db DBTX, responseID int64) ([]Answer, error) {
	rows, err := db.Query(ctx, `
		SELECT a.question_id, coalesce(a.choice, ''), a.text, a.language, a.version, a.updated_by, c.name, a.updated_at
		FROM answers a
		JOIN questions q ON q.id = a.question_id
		JOIN contributors c ON c.id = a.updated_by
		WHERE a.response_id = $1 ORDER BY q.number`, responseID)
	if err != nil {
		return nil, fmt.Errorf("find answers: %w", err)
	}
	answers, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Answer, error) {
		var a Answer
		err := r.Scan(&a.QuestionID, &a.Choice, &a.Text, &a.Language, &a.Version, &a.UpdatedByID, &a.UpdatedBy, &a.UpdatedAt)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("find answers: %w", err)
	}
	return answers, nil
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
