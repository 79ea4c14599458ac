package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Results is what the public results page of a published consultation
// shows: the public variant's figures, and the submissions of the
// respondents who agreed to be named, as treaty secretariats post the
// submissions they receive. Nothing else of any answer: an anonymous
// answer is only counted, a confidential one is not even counted.
type Results struct {
	Summary *Summary
	Named   []NamedSubmission // by audience, then name
}

// NamedSubmission is the submission of a respondent who agreed to be
// named. Answers are read for one submission at a time.
type NamedSubmission struct {
	ResponseID  int64
	Audience    domain.Audience
	Kind        domain.RespondentKind
	Name        string
	Country     string // ISO 3166-1 alpha-2
	SubmittedAt time.Time
	Answers     []NamedAnswer // in question order
}

// NamedAnswer is one answer of a named submission, as submitted.
type NamedAnswer struct {
	QuestionID int64
	Choice     string
	Text       string
	Language   string
}

// PublishedResults returns what the public results page shows. A
// consultation whose results are not published is not found.
func (s *Store) PublishedResults(ctx context.Context, slug string) (*Results, error) {
	var out *Results
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		c, err := findPublished(ctx, tx, slug)
		if err != nil {
			return err
		}
		sum, err := summarise(ctx, tx, c, true)
		if err != nil {
			return err
		}
		named, err := namedSubmissions(ctx, tx, c.ID)
		out = &Results{Summary: sum, Named: named}
		return err
	})
	return out, err
}

// PublishedSubmission returns a named submission of a consultation whose
// results are published, with its answers. Any other response, of a
// respondent who chose to be anonymous or confidential, withdrawn or not
// submitted, is not found.
func (s *Store) PublishedSubmission(ctx context.Context, slug string, responseID int64) (*Consultation, *NamedSubmission, error) {
	var c *Consultation
	var sub *NamedSubmission
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		var err error
		if c, err = findPublished(ctx, tx, slug); err != nil {
			return err
		}
		sub, err = namedSubmission(ctx, tx, c.ID, responseID)
		return err
	})
	return c, sub, err
}

func findPublished(ctx context.Context, tx pgx.Tx, slug string) (*Consultation, error) {
	c, err := findConsultationBySlug(ctx, tx, slug)
	if err != nil {
		return nil, err
	}
	if c.Phase != PhasePublished {
		return nil, Errorf(KindNotFound, "not_found", "The results of this consultation are not published.")
	}
	return c, nil
}

// The two statements below read named submissions only: whatever else the
// public variant allows (see public.go), the results page lists no
// anonymous or confidential response.
func namedSubmissions(ctx context.Context, tx pgx.Tx, consultationID int64) ([]NamedSubmission, error) {
	rows, err := tx.Query(ctx, `
		SELECT rs.id, r.audience, r.kind, r.name, r.country, rs.submitted_at
		FROM responses rs
		JOIN respondents r ON r.id = rs.respondent_id
		WHERE r.consultation_id = $1
			AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND rs.attribution = 'named'
		ORDER BY r.audience, lower(r.name), rs.id`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("named submissions: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (NamedSubmission, error) {
		var n NamedSubmission
		err := row.Scan(&n.ResponseID, &n.Audience, &n.Kind, &n.Name, &n.Country, &n.SubmittedAt)
		return n, err
	})
}

func namedSubmission(ctx context.Context, tx pgx.Tx, consultationID, responseID int64) (*NamedSubmission, error) {
	rows, err := tx.Query(ctx, `
		SELECT rs.id, r.audience, r.kind, r.name, r.country, rs.submitted_at,
			sa.question_id, coalesce(sa.choice, ''), sa.text, sa.language
		FROM responses rs
		JOIN respondents r ON r.id = rs.respondent_id
		JOIN submitted_answers sa ON sa.response_id = rs.id
		JOIN questions q ON q.id = sa.question_id
		WHERE rs.id = $2 AND r.consultation_id = $1
			AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND rs.attribution = 'named'
		ORDER BY q.number`, consultationID, responseID)
	if err != nil {
		return nil, fmt.Errorf("named submission: %w", err)
	}
	defer rows.Close()
	var sub *NamedSubmission
	for rows.Next() {
		var n NamedSubmission
		var a NamedAnswer
		if err := rows.Scan(&n.ResponseID, &n.Audience, &n.Kind, &n.Name, &n.Country, &n.SubmittedAt,
			&a.QuestionID, &a.Choice, &a.Text, &a.Language); err != nil {
			return nil, fmt.Errorf("named submission: %w", err)
		}
		if sub == nil {
			sub = &n
		}
		sub.Answers = append(sub.Answers, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("named submission: %w", err)
	}
	if sub == nil {
		return nil, Errorf(KindNotFound, "not_found", "No submission published under this number.")
	}
	return sub, nil
}

// queueResultsNotices tells the consultation's contributors who have an
// email address, once per address, that its results are published: in
// the transaction that publishes them, so that the notices go if and only
// if the publication commits. An address told already (publishing again
// after setting the consultation back to closed) is not told twice; one
// whose respondent withdrew is not told at all.
func (s *Store) queueResultsNotices(ctx context.Context, tx pgx.Tx, consultationID int64) (int, error) {
	rows, err := tx.Query(ctx, `
		SELECT DISTINCT ON (lower(c.email)) c.id
		FROM contributors c
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		WHERE r.consultation_id = $1 AND c.revoked_at IS NULL AND c.email <> ''
			AND rs.excluded_because IS DISTINCT FROM 'withdrawn'
			AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.consultation_id = r.consultation_id
				AND lower(m.email) = lower(c.email) AND m.kind = 'results' AND m.status <> 'failed')
		ORDER BY lower(c.email), c.id`, consultationID)
	if err != nil {
		return 0, fmt.Errorf("results notices: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("results notices: %w", err)
	}
	for _, id := range ids {
		if _, err := s.queueMessage(ctx, tx, newMessage{ContributorID: id, Kind: MessageResults}); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}
