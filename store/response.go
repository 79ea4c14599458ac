package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Response statuses.
const (
	ResponseDraft     = "draft"
	ResponseSubmitted = "submitted"
)

// Attribution choices: how a submitted response may be quoted.
const (
	AttributionNamed        = "named"        // may be quoted with the respondent's name
	AttributionAnonymous    = "anonymous"    // may be quoted without the name
	AttributionConfidential = "confidential" // for the Co-Chairs only
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
	Audience        string
}

// Response is a respondent's response with its current answers.
type Response struct {
	ID               int64
	Status           string
	Version          int
	Attribution      string
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
	if !plausibleToken(token) {
		return nil, errBadToken
	}
	p, err := findPrincipal(ctx, s.pool, "", `c.token_hash = $1 AND c.revoked_at IS NULL`, hashToken(token))
	if err == pgx.ErrNoRows {
		return nil, errBadToken
	}
	if err != nil {
		return nil, fmt.Errorf("authenticate: %w", err)
	}
	return p, nil
}

// findPrincipal returns the principal of the contributor c that where
// selects, with join adding the tables it needs. It returns pgx.ErrNoRows
// when there is none.
func findPrincipal(ctx context.Context, db DBTX, join, where string, args ...any) (*Principal, error) {
	var p Principal
	err := db.QueryRow(ctx, `SELECT c.id, c.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience
		FROM contributors c
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id `+join+` WHERE `+where, args...).
		Scan(&p.ContributorID, &p.ContributorName, &p.RespondentID, &p.ResponseID,
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
	var attribution, receipt *string
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

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
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
