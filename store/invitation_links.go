package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// InvitedContributor is a contributor with a working access link, as the
// administrators' list of invitations shows them.
type InvitedContributor struct {
	ID         int64
	Respondent string
	Audience   string
	Country    string
	Name       string
	Email      string
	Language   string
	CreatedAt  time.Time
	Status     string // of the response: invited, started or submitted
}

// FindInvitedContributors returns the contributors of the consultation whose
// access link works, by respondent and name. It returns ErrNotFound for an
// unknown consultation.
func (s *Store) FindInvitedContributors(ctx context.Context, slug string) ([]InvitedContributor, error) {
	c, err := s.FindConsultationBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `
		SELECT c.id, r.name, r.audience, r.country, c.name, c.email, c.language, c.created_at,
			CASE WHEN rs.status = 'submitted' THEN 'submitted' WHEN rs.version > 0 THEN 'started' ELSE 'invited' END
		FROM contributors c
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		WHERE r.consultation_id = $1 AND c.revoked_at IS NULL
		ORDER BY r.audience, lower(r.name), lower(c.name), c.id`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("find invited contributors: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[InvitedContributor])
	if err != nil {
		return nil, fmt.Errorf("find invited contributors: %w", err)
	}
	return out, nil
}

// ReissueLinks gives each chosen contributor of the consultation a new
// access link and revokes their old one at once, in the audit log. The
// new links are returned once, in the order of ids; only their hashes are
// kept. Ids that are not working contributors of the consultation are
// skipped; when none is left it returns a validation error.
func (s *Store) ReissueLinks(ctx context.Context, slug string, ids []int64, actor string) ([]IssuedLink, error) {
	var links []IssuedLink
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := consultationForUpdate(ctx, tx, slug)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `UPDATE contributors c SET revoked_at = now()
			FROM respondents r
			WHERE r.id = c.respondent_id AND r.consultation_id = $1 AND c.id = ANY($2) AND c.revoked_at IS NULL
			RETURNING c.id, c.respondent_id, r.name, c.name, c.email, c.language`, c.ID, ids)
		if err != nil {
			return fmt.Errorf("reissue links: %w", err)
		}
		old, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (NewContributor, error) {
			var o NewContributor
			err := r.Scan(&o.ContributorID, &o.RespondentID, &o.Respondent, &o.Name, &o.Email, &o.Language)
			return o, err
		})
		if err != nil {
			return fmt.Errorf("reissue links: %w", err)
		}
		if len(old) == 0 {
			return &Error{Kind: KindValidation, Code: "validation_failed", Message: "Choose at least one person whose link works.",
				Fields: map[string]string{"contributors": "must name at least one working access link of this consultation"}}
		}
		for _, o := range old {
			l, err := reissue(ctx, tx, c.ID, o, actor)
			if err != nil {
				return err
			}
			links = append(links, l)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return links, nil
}

// reissue makes a new contributor in place of the revoked one o, with the
// same name, email and language, and audits the exchange.
func reissue(ctx context.Context, tx pgx.Tx, consultationID int64, o NewContributor, actor string) (IssuedLink, error) {
	c, token, err := insertContributor(ctx, tx, o.RespondentID, o.Name, o.Email, o.Language)
	if err != nil {
		return IssuedLink{}, err
	}
	err = insertAudit(ctx, tx, Audit{Actor: actor, Action: "contributor.revoke", ConsultationID: &consultationID,
		Subject: fmt.Sprintf("contributor:%d", o.ContributorID), Details: map[string]any{"reissued_as": c.ID}})
	if err != nil {
		return IssuedLink{}, err
	}
	l := IssuedLink{NewContributor: o, Token: token}
	l.ContributorID = c.ID
	return l, nil
}
