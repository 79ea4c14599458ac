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
	// ConsultationVersion is the consultation's cache_version when the
	// principal was read: see Store.Consultation.
	ConsultationVersion int64
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
	SignOff          SignOff // read by FindRespondentResponse; ApprovedBy set by Submit
	// Attachments are its documents; read with the respondent's form only.
	Attachments []Attachment
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
		SELECT c.id, c.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience, cn.cache_version
		FROM contributors c
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
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
// respondent, response, consultation, question set, audience and the
// consultation's cache_version. It returns pgx.ErrNoRows when there is
// none.
func scanPrincipal(row pgx.Row) (*Principal, error) {
	var p Principal
	err := row.Scan(&p.ContributorID, &p.ContributorName, &p.RespondentID, &p.ResponseID,
		&p.ConsultationID, &p.QuestionSetID, &p.Audience, &p.ConsultationVersion)
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

// ResponseByToken authenticates an access token and returns its principal
// with its response and current answers, in one query. It returns an
// unauthorized error for a malformed, unknown or revoked token.
func (s *Store) ResponseByToken(ctx context.Context, token string) (*Principal, *Response, error) {
	hash, ok := accessTokenHash(token)
	if !ok {
		return nil, nil, errBadToken
	}
	rows, err := s.pool.Query(ctx, `
		SELECT k.id, k.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience, cn.cache_version,
			rs.status, rs.version, rs.attribution, rs.receipt, rs.language, rs.submitted_version,
			rs.submitted_at, rs.updated_at,
			a.question_id, a.choice, a.text, a.language, a.version, a.updated_by, u.name, a.updated_at
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
		LEFT JOIN answers a ON a.response_id = rs.id
		LEFT JOIN questions q ON q.id = a.question_id
		LEFT JOIN contributors u ON u.id = a.updated_by
		WHERE k.token_hash = $1 AND k.revoked_at IS NULL
		ORDER BY q.number`, hash)
	if err != nil {
		return nil, nil, fmt.Errorf("find response: %w", err)
	}
	defer rows.Close()
	var p Principal
	var r Response
	n := 0
	for rows.Next() {
		var attribution *domain.Attribution
		var receipt *string
		var submittedVersion *int
		var qid, byID, version *int64
		var choice, text, language, by *string
		var at *time.Time
		err := rows.Scan(&p.ContributorID, &p.ContributorName, &p.RespondentID, &p.ResponseID,
			&p.ConsultationID, &p.QuestionSetID, &p.Audience, &p.ConsultationVersion,
			&r.Status, &r.Version, &attribution, &receipt, &r.Language, &submittedVersion,
			&r.SubmittedAt, &r.UpdatedAt,
			&qid, &choice, &text, &language, &version, &byID, &by, &at)
		if err != nil {
			return nil, nil, fmt.Errorf("find response: %w", err)
		}
		r.ID = p.ResponseID
		r.Attribution, r.Receipt, r.SubmittedVersion = deref(attribution), deref(receipt), deref(submittedVersion)
		if qid != nil {
			r.Answers = append(r.Answers, Answer{QuestionID: *qid, Choice: deref(choice), Text: *text, Language: *language,
				Version: int(*version), UpdatedByID: *byID, UpdatedBy: *by, UpdatedAt: *at})
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("find response: %w", err)
	}
	if n == 0 {
		return nil, nil, errBadToken
	}
	return &p, &r, nil
}

// FindRespondentResponse returns the respondent a principal acts for and
// its response with the current answers, in one round trip. It returns
// ErrNotFound.
func (s *Store) FindRespondentResponse(ctx context.Context, p *Principal) (*Respondent, *Response, error) {
	var rd *Respondent
	var r Response
	b := &pgx.Batch{}
	b.Queue(`SELECT id, consultation_id, audience, kind, name, country, verified, self_registered, created_at
		FROM respondents WHERE id = $1`, p.RespondentID).QueryRow(func(row pgx.Row) (err error) {
		rd, err = scanRespondent(row)
		return err
	})
	b.Queue(`SELECT status, version, attribution, receipt, language, submitted_version, submitted_at, updated_at
		FROM responses WHERE id = $1`, p.ResponseID).QueryRow(func(row pgx.Row) error {
		return notFound(r.scan(row))
	})
	b.Queue(`
		SELECT a.question_id, coalesce(a.choice, ''), a.text, a.language, a.version, a.updated_by, c.name, a.updated_at
		FROM answers a
		JOIN questions q ON q.id = a.question_id
		JOIN contributors c ON c.id = a.updated_by
		WHERE a.response_id = $1 ORDER BY q.number`, p.ResponseID).Query(func(rows pgx.Rows) (err error) {
		r.Answers, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Answer, error) {
			var a Answer
			err := row.Scan(&a.QuestionID, &a.Choice, &a.Text, &a.Language, &a.Version, &a.UpdatedByID, &a.UpdatedBy, &a.UpdatedAt)
			return a, err
		})
		return err
	})
	findSignOff(b, p, &r.SignOff)
	queueAttachments(b, p.ResponseID, &r.Attachments)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, nil, fmt.Errorf("find response: %w", err)
	}
	r.ID = p.ResponseID
	return rd, &r, nil
}

// CountSubmitted returns how many of the respondents' responses are
// submitted: for tools that check what a load left behind.
func (s *Store) CountSubmitted(ctx context.Context, respondentIDs []int64) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM responses
		WHERE respondent_id = ANY($1) AND status = 'submitted'`, respondentIDs).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count submitted: %w", err)
	}
	return n, nil
}
