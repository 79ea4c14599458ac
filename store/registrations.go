package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Registration is a self-registered respondent as administrators check
// it: who registered, with which contributors, how far their response got.
type Registration struct {
	Respondent
	Status       string // invited, started, submitted or withdrawn, as on the dashboard
	Contributors []Contributor
}

// FindRegistrations returns the self-registrations of a consultation that
// are not merged into another, the unverified first, then the newest
// first. It returns ErrNotFound for an unknown consultation.
func (s *Store) FindRegistrations(ctx context.Context, slug string) ([]Registration, error) {
	var out []Registration
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		c, err := findConsultationBySlug(ctx, tx, slug)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT r.id, r.consultation_id, r.audience, r.kind, r.name, r.country,
				r.verified, r.self_registered, r.created_at,
				CASE WHEN rs.excluded_at IS NOT NULL THEN 'withdrawn' WHEN rs.status = 'submitted' THEN 'submitted'
					WHEN rs.version > 0 THEN 'started' ELSE 'invited' END
			FROM respondents r JOIN responses rs ON rs.respondent_id = r.id
			WHERE r.consultation_id = $1 AND r.self_registered AND r.merged_into IS NULL
			ORDER BY r.verified, r.created_at DESC, r.id DESC`, c.ID)
		if err != nil {
			return fmt.Errorf("find registrations: %w", err)
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Registration, error) {
			var g Registration
			r := &g.Respondent
			err := row.Scan(&r.ID, &r.ConsultationID, &r.Audience, &r.Kind, &r.Name, &r.Country,
				&r.Verified, &r.SelfRegistered, &r.CreatedAt, &g.Status)
			return g, err
		})
		if err != nil {
			return fmt.Errorf("find registrations: %w", err)
		}
		return addContributors(ctx, tx, out)
	})
	return out, err
}

// addContributors fills in the contributors of each registration, with
// their emails, revoked links left out.
func addContributors(ctx context.Context, tx pgx.Tx, regs []Registration) error {
	index := map[int64]*Registration{}
	ids := make([]int64, len(regs))
	for i := range regs {
		ids[i] = regs[i].ID
		index[regs[i].ID] = &regs[i]
	}
	rows, err := tx.Query(ctx, `SELECT id, respondent_id, name, email FROM contributors
		WHERE respondent_id = ANY($1) AND revoked_at IS NULL ORDER BY id`, ids)
	if err != nil {
		return fmt.Errorf("find contributors: %w", err)
	}
	var c Contributor
	_, err = pgx.ForEachRow(rows, []any{&c.ID, &c.RespondentID, &c.Name, &c.Email}, func() error {
		g := index[c.RespondentID]
		g.Contributors = append(g.Contributors, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("find contributors: %w", err)
	}
	return nil
}

// FindMergeTargets returns the respondents of a consultation that a
// registration may be merged into: those of its audience, not States, not
// merged themselves, by name.
func (s *Store) FindMergeTargets(ctx context.Context, consultationID int64) ([]Respondent, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, consultation_id, audience, kind, name, country, verified, self_registered, created_at
		FROM respondents
		WHERE consultation_id = $1 AND kind NOT IN ('state', 'observer-state') AND merged_into IS NULL
		ORDER BY audience, lower(name), id`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("find merge targets: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Respondent, error) {
		r, err := scanRespondent(row)
		if err != nil {
			return Respondent{}, err
		}
		return *r, nil
	})
	if err != nil {
		return nil, fmt.Errorf("find merge targets: %w", err)
	}
	return out, nil
}

// lockRespondents locks the respondents with these ids in the
// consultation, in id order so that two merges cannot deadlock, and
// returns them by id; ErrNotFound when one is missing or merged already.
func lockRespondents(ctx context.Context, tx pgx.Tx, consultationID int64, ids ...int64) (map[int64]*Respondent, error) {
	rows, err := tx.Query(ctx, `
		SELECT id, consultation_id, audience, kind, name, country, verified, self_registered, created_at
		FROM respondents
		WHERE consultation_id = $1 AND id = ANY($2) AND merged_into IS NULL ORDER BY id FOR UPDATE`, consultationID, ids)
	if err != nil {
		return nil, fmt.Errorf("lock respondents: %w", err)
	}
	out := map[int64]*Respondent{}
	defer rows.Close()
	for rows.Next() {
		r, err := scanRespondent(rows)
		if err != nil {
			return nil, fmt.Errorf("lock respondents: %w", err)
		}
		out[r.ID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("lock respondents: %w", err)
	}
	for _, id := range ids {
		if out[id] == nil {
			return nil, ErrNotFound
		}
	}
	return out, nil
}

// responseState is what a removal or a merge needs of a response.
type responseState struct {
	ID          int64
	Status      domain.ResponseStatus
	Version     int
	Receipt     *string
	Attribution *string
	SubmittedAt *time.Time
}

func findResponseState(ctx context.Context, tx pgx.Tx, respondentID int64) (*responseState, error) {
	var r responseState
	err := tx.QueryRow(ctx, `SELECT id, status, version, receipt, attribution, submitted_at FROM responses
		WHERE respondent_id = $1 FOR UPDATE`, respondentID).Scan(&r.ID, &r.Status, &r.Version, &r.Receipt,
		&r.Attribution, &r.SubmittedAt)
	if err != nil {
		return nil, fmt.Errorf("find response: %w", notFound(err))
	}
	return &r, nil
}
