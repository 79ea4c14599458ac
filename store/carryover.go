package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
)

// PreviousAnswer is what a respondent submitted, in the consultation that
// the current one follows, to the question that carries over: the one of
// the same key in the same audience's set.
type PreviousAnswer struct {
	RespondentID int64 // the respondent of the current consultation
	QuestionID   int64 // the question of the current set
	Choice       string
	Text         string
	Language     string
	// Attribution is what the respondent chose when submitting it.
	Attribution domain.Attribution
	SubmittedAt time.Time
}

// Previous is a consultation's previous cycle, as one respondent or a
// country's respondents answered it.
type Previous struct {
	Slug    string
	Title   Text
	Answers []PreviousAnswer // by respondent, then in question order
}

// FindPreviousAnswers returns the answers the principal's State or
// organisation submitted to the consultation the principal's one follows,
// by question of the current set: only the last submission, and only the
// answers whose question carries over. A State is matched by its country;
// an organisation or individual by kind, country and name, ignoring case
// and spaces; never across audiences. It returns ErrNotFound when the
// consultation follows none, or nothing carries over.
func (s *Store) FindPreviousAnswers(ctx context.Context, p *Principal) (*Previous, error) {
	if p.RespondentID == 0 {
		return nil, ErrNotFound // a preview's: no respondent, no previous answers
	}
	prev, err := previousAnswers(ctx, s.pool, p.ConsultationID, "", p.RespondentID)
	if err != nil {
		return nil, err
	}
	if len(prev.Answers) == 0 {
		return nil, ErrNotFound
	}
	return prev, nil
}

// PreviousForCountry returns, for the respondents of a country in the
// consultation, what each submitted in the consultation it follows, as
// FindPreviousAnswers matches them; no answers when it follows none.
func (s *Store) PreviousForCountry(ctx context.Context, consultationID int64, country string) (*Previous, error) {
	return previousAnswers(ctx, s.pool, consultationID, country, 0)
}

// previousAnswers reads the previous cycle's answers of a consultation's
// respondents, of one country when country is set, of one respondent
// when respondentID is. Each respondent is matched with the previous
// cycle's respondent of its audience and country that is the same State
// (any kind of State: a State may have acceded since), or of the same
// kind and name; of several, the one submitted last.
func previousAnswers(ctx context.Context, db DBTX, consultationID int64, country string, respondentID int64) (*Previous, error) {
	states := []string{string(domain.KindState), string(domain.KindObserverState)}
	rows, err := db.Query(ctx, `
		SELECT pc.slug, pc.title, r.id, q.id, q.kind, q.choices, coalesce(psa.choice, ''), psa.text, psa.language,
			prev.attribution, prev.submitted_at
		FROM consultations cc
		JOIN consultations pc ON pc.slug = cc.follows
		JOIN respondents r ON r.consultation_id = cc.id
		JOIN LATERAL (
			SELECT prs.id, prs.attribution, prs.submitted_at
			FROM respondents pr JOIN responses prs ON prs.respondent_id = pr.id
			WHERE pr.consultation_id = pc.id AND pr.audience = r.audience AND pr.country = r.country
				AND prs.status = $4 AND prs.excluded_at IS NULL
				AND ((r.kind = ANY ($5) AND pr.kind = ANY ($5))
					OR (pr.kind = r.kind
						AND lower(regexp_replace(pr.name, '\s', '', 'g')) = lower(regexp_replace(r.name, '\s', '', 'g'))))
			ORDER BY prs.submitted_at DESC, prs.id DESC
			LIMIT 1) prev ON true
		JOIN submitted_answers psa ON psa.response_id = prev.id
		JOIN questions pq ON pq.id = psa.question_id
		JOIN questions q ON q.question_set_id = r.question_set_id AND q.key = pq.key
		WHERE cc.id = $1 AND ($2::text = '' OR r.country = $2) AND ($3::bigint = 0 OR r.id = $3)
		ORDER BY r.id, q.number`,
		consultationID, country, respondentID, domain.StatusSubmitted, states)
	if err != nil {
		return nil, fmt.Errorf("find previous answers: %w", err)
	}
	defer rows.Close()
	prev := &Previous{}
	for rows.Next() {
		var a PreviousAnswer
		var q Question
		if err := rows.Scan(&prev.Slug, &prev.Title, &a.RespondentID, &q.ID, &q.Kind, &q.Choices, &a.Choice, &a.Text,
			&a.Language, &a.Attribution, &a.SubmittedAt); err != nil {
			return nil, fmt.Errorf("find previous answers: %w", err)
		}
		a.QuestionID = q.ID
		// The question carries over by its key; its choices or kind may
		// have changed: what no longer fits is left out, not refused later.
		if !q.TakesChoice() || !q.HasChoice(a.Choice) {
			a.Choice = ""
		}
		if !q.TakesText() {
			a.Text = ""
		}
		if a.Choice != "" || a.Text != "" {
			prev.Answers = append(prev.Answers, a)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find previous answers: %w", err)
	}
	return prev, nil
}

// Answer returns the previous answer of a respondent to a question.
func (p *Previous) Answer(respondentID, questionID int64) (PreviousAnswer, bool) {
	if p == nil {
		return PreviousAnswer{}, false
	}
	for _, a := range p.Answers {
		if a.RespondentID == respondentID && a.QuestionID == questionID {
			return a, true
		}
	}
	return PreviousAnswer{}, false
}

// consultationFollows returns the slug of the consultation that a
// consultation follows, "" for none.
func consultationFollows(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	var follows string
	if err := tx.QueryRow(ctx, `SELECT coalesce(follows, '') FROM consultations WHERE id = $1`, id).Scan(&follows); err != nil {
		return "", fmt.Errorf("find the consultation followed: %w", err)
	}
	return follows, nil
}

// checkFollows refuses a file that follows a consultation not loaded yet:
// the link would lead nowhere.
func checkFollows(ctx context.Context, tx pgx.Tx, f *questionset.File) error {
	if f.Follows == "" {
		return nil
	}
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM consultations WHERE slug = $1`, f.Follows).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return &Error{Kind: KindValidation, Code: "unknown_follows",
			Message: fmt.Sprintf("follows: there is no consultation named %q; load it first, or correct the name", f.Follows),
			Fields:  map[string]string{"follows": "unknown"}}
	}
	if err != nil {
		return fmt.Errorf("find the consultation followed: %w", err)
	}
	return nil
}
