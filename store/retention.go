package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// DeletedName is what a name deleted at the end of the retention period is
// replaced with: names cannot be empty, and this one names no one.
const DeletedName = "—"

// Retention is how long a consultation keeps its respondents' personal
// data, and where it stands.
type Retention struct {
	ConsultationID int64
	Slug           string
	Days           int        // 0: no period set, kept until an administrator decides
	ClosesAt       *time.Time // nil while the consultation has no closing time
	DueAt          *time.Time // ClosesAt plus Days; nil when either is missing
	DeletedAt      *time.Time // when the personal data was deleted, if it was
}

// Due reports whether the retention period is over at t.
func (r *Retention) Due(t time.Time) bool { return r.DueAt != nil && !t.Before(*r.DueAt) }

// FindRetention returns the retention of a consultation, or ErrNotFound.
func (s *Store) FindRetention(ctx context.Context, slug string) (*Retention, error) {
	return scanRetention(s.pool.QueryRow(ctx, `
		SELECT id, slug, retention_days, closes_at, personal_data_deleted_at
		FROM consultations WHERE slug = $1`, slug))
}

// lockRetention reads the retention of a consultation and locks it, so
// that two deletions run one after the other.
func lockRetention(ctx context.Context, tx pgx.Tx, slug string) (*Retention, error) {
	return scanRetention(tx.QueryRow(ctx, `
		SELECT id, slug, retention_days, closes_at, personal_data_deleted_at
		FROM consultations WHERE slug = $1 FOR UPDATE`, slug))
}

// scanRetention reads id, slug, retention_days, closes_at and
// personal_data_deleted_at.
func scanRetention(row pgx.Row) (*Retention, error) {
	var r Retention
	var days *int
	if err := row.Scan(&r.ConsultationID, &r.Slug, &days, &r.ClosesAt, &r.DeletedAt); err != nil {
		return nil, notFound(err)
	}
	if days != nil {
		r.Days = *days
	}
	if r.Days > 0 && r.ClosesAt != nil {
		due := r.ClosesAt.AddDate(0, 0, r.Days)
		r.DueAt = &due
	}
	return &r, nil
}

// PersonalDataDeletion says what DeletePersonalData deleted: how many
// names of individual survivors, names and emails of contributors, working
// access links and open sessions.
type PersonalDataDeletion struct {
	Retention     *Retention
	Individuals   int
	Contributors  int
	Emails        int
	Links         int
	Sessions      int
	Messages      int  // email messages to them, which hold their addresses
	AlreadyBefore bool // the data had been deleted before; this run found what was added since, if anything
}

// DeletePersonalData deletes the personal data of a consultation's
// respondents once its retention period is over: the names of individual
// survivors and the names and emails of contributors become DeletedName
// and empty, the email messages sent to them (which hold their addresses)
// are deleted, every access link stops working and every session ends. The
// answers, their attribution and every count stay as they are: States and
// organisations keep their names, which are not personal data. It is
// audited, and running it again deletes only what came since. It returns
// ErrNotFound for an unknown consultation, and a conflict, deleting
// nothing, when the consultation has no retention period or it is not
// over.
func (s *Store) DeletePersonalData(ctx context.Context, actor, slug string) (*PersonalDataDeletion, error) {
	var del PersonalDataDeletion
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		r, err := lockRetention(ctx, tx, slug)
		if err != nil {
			return err
		}
		del.Retention, del.AlreadyBefore = r, r.DeletedAt != nil
		if err := checkRetentionOver(r, s.now()); err != nil {
			return err
		}
		if err := deletePersonalData(ctx, tx, r.ConsultationID, &del); err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "consultation.personal_data_delete",
			ConsultationID: &r.ConsultationID, Subject: slug, Details: map[string]any{
				"individuals": del.Individuals, "contributors": del.Contributors, "emails": del.Emails,
				"links": del.Links, "sessions": del.Sessions, "messages": del.Messages}})
	})
	if err != nil {
		return nil, err
	}
	return &del, nil
}

func checkRetentionOver(r *Retention, now time.Time) error {
	switch {
	case r.Days == 0:
		return Errorf(KindConflict, "no_retention_period",
			"%s has no retention period: set retention_days in its file and load it again.", r.Slug)
	case r.ClosesAt == nil:
		return Errorf(KindConflict, "retention_not_over", "%s has no closing time yet: its retention period has not begun.", r.Slug)
	case !r.Due(now):
		e := Errorf(KindConflict, "retention_not_over", "The retention period of %s ends on %s.",
			r.Slug, r.DueAt.UTC().Format("2 January 2006 at 15:04 UTC"))
		e.Data = map[string]any{"due_at": r.DueAt}
		return e
	}
	return nil
}

// deletePersonalData overwrites the names and emails, ends the links and
// sessions, and counts each.
func deletePersonalData(ctx context.Context, tx pgx.Tx, consultationID int64, del *PersonalDataDeletion) error {
	err := tx.QueryRow(ctx, `
		WITH ind AS (
			UPDATE respondents SET name = @deleted
			WHERE consultation_id = @consultation AND kind = 'individual' AND name <> @deleted
			RETURNING 1
		), cs AS (
			SELECT c.id, c.name <> @deleted AS named, c.email <> '' AS mailed, c.revoked_at IS NULL AS working
			FROM contributors c JOIN respondents r ON r.id = c.respondent_id
			WHERE r.consultation_id = @consultation FOR UPDATE OF c
		), upd AS (
			UPDATE contributors c SET name = @deleted, email = '', revoked_at = coalesce(c.revoked_at, now())
			FROM cs WHERE c.id = cs.id AND (cs.named OR cs.mailed OR cs.working)
			RETURNING 1
		), ses AS (
			DELETE FROM web_sessions WHERE contributor_id IN (SELECT id FROM cs) RETURNING 1
		), msg AS (
			DELETE FROM messages WHERE consultation_id = @consultation RETURNING 1
		)
		SELECT (SELECT count(*) FROM ind), (SELECT count(*) FILTER (WHERE named) FROM cs),
			(SELECT count(*) FILTER (WHERE mailed) FROM cs), (SELECT count(*) FILTER (WHERE working) FROM cs),
			(SELECT count(*) FROM ses), (SELECT count(*) FROM msg), (SELECT count(*) FROM upd)`,
		pgx.NamedArgs{"consultation": consultationID, "deleted": DeletedName},
	).Scan(&del.Individuals, &del.Contributors, &del.Emails, &del.Links, &del.Sessions, &del.Messages, new(int))
	if err != nil {
		return fmt.Errorf("delete personal data: %w", err)
	}
	_, err = tx.Exec(ctx, `UPDATE consultations SET personal_data_deleted_at = now() WHERE id = $1`, consultationID)
	if err != nil {
		return fmt.Errorf("delete personal data: %w", err)
	}
	return nil
}

// WithdrawResponse withdraws the principal's response at their request,
// before the consultation closes: its answers leave every count, list and
// export for good, and every access link of the respondent stops working,
// so that nothing more is added to it. Its rows stay, as every saved
// version does. It is audited. It returns a conflict once the
// consultation has closed, and an unauthorized error for a principal whose
// link no longer works.
func (s *Store) WithdrawResponse(ctx context.Context, p *Principal) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		lr, err := lockResponse(ctx, tx, p)
		if err != nil {
			return err
		}
		if lr.consultation.StatusAt(s.now()) == StatusClosed {
			return lr.checkOpen(s.now())
		}
		var working bool
		err = tx.QueryRow(ctx, `SELECT revoked_at IS NULL FROM contributors WHERE id = $1`, p.ContributorID).Scan(&working)
		if err != nil || !working {
			return errBadToken
		}
		if _, err := tx.Exec(ctx, `UPDATE responses SET excluded_at = now(), excluded_because = 'withdrawn'
			WHERE id = $1 AND excluded_at IS NULL`, p.ResponseID); err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE contributors SET revoked_at = now()
			WHERE respondent_id = $1 AND revoked_at IS NULL`, p.RespondentID); err != nil {
			return fmt.Errorf("withdraw: %w", err)
		}
		return insertAudit(ctx, tx, Audit{Actor: fmt.Sprintf("contributor:%d", p.ContributorID), Action: "response.withdraw",
			ConsultationID: &p.ConsultationID, Subject: respondentSubject(p.RespondentID),
			Details: map[string]any{"response": p.ResponseID, "status": lr.status}})
	})
}
