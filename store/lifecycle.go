package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// Statuses an administrator may set; upcoming follows from the dates.
var settableStatuses = []string{StatusDraft, StatusOpen, StatusClosed, StatusPublished}

// SetStatus moves a consultation to status (draft, open, closed or
// published) at once, and records the move in the audit log:
//
//   - draft hides it from the public; refused once an answer is submitted;
//   - open makes it take answers now: a later opening time becomes now, and
//     a closing time already past is removed;
//   - closed closes it now (its closing time becomes now); refused before
//     it opens;
//   - published marks the results of a closed consultation as published,
//     shows them on its public results page, and queues a message telling
//     each contributor with an email address so.
//
// Setting the status it has already changes nothing and records nothing.
// It returns ErrNotFound, a validation error for another status, or a
// conflict error when the move is refused.
func (s *Store) SetStatus(ctx context.Context, actor, slug, status string) (*Consultation, error) {
	if !slices.Contains(settableStatuses, status) {
		return nil, &Error{Kind: KindValidation, Code: "invalid_status", Message: "The status must be draft, open, closed or published.",
			Fields: map[string]string{"status": "must be draft, open, closed or published"}}
	}
	var out *Consultation
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := consultationForChange(ctx, tx, slug)
		if err != nil {
			return err
		}
		// Whole seconds: the times are written back out in files, to the
		// second, and must read back the same.
		now := s.now().Truncate(time.Second)
		from := c.Status(now)
		if from == status {
			out = c
			return nil
		}
		next := *c
		if err := s.moveTo(ctx, tx, &next, status, now); err != nil {
			return err
		}
		if err := saveSchedule(ctx, tx, &next); err != nil {
			return err
		}
		out = &next
		details := map[string]any{"from": from, "to": status, "opens_at": next.OpensAt, "closes_at": next.ClosesAt,
			"previous_opens_at": c.OpensAt, "previous_closes_at": c.ClosesAt}
		if status == StatusPublished {
			n, err := s.queueResultsNotices(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			details["notified"] = n
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "consultation.status", ConsultationID: &c.ID, Subject: slug,
			Details: details})
	})
	return out, err
}

// moveTo changes c's phase and dates so that its status at now is status.
func (s *Store) moveTo(ctx context.Context, tx pgx.Tx, c *Consultation, status string, now time.Time) error {
	switch status {
	case StatusDraft:
		if err := refuseIfSubmitted(ctx, tx, c.ID); err != nil {
			return err
		}
		c.Phase = PhaseDraft
	case StatusOpen:
		c.Phase = PhaseLive
		if c.OpensAt != nil && c.OpensAt.After(now) {
			c.OpensAt = &now
		}
		if c.ClosesAt != nil && !c.ClosesAt.After(now) {
			c.ClosesAt = nil
		}
	case StatusClosed:
		if c.OpensAt != nil && c.OpensAt.After(now) {
			return Errorf(KindConflict, "consultation_not_opened",
				"This consultation has not opened yet, so it cannot close; make it a draft instead.")
		}
		c.Phase = PhaseLive
		if c.ClosesAt == nil || c.ClosesAt.After(now) {
			c.ClosesAt = &now
		}
	case StatusPublished:
		if st := c.Status(now); st != StatusClosed {
			return Errorf(KindConflict, "consultation_not_closed",
				"Only a closed consultation can have its results published; close it first.")
		}
		c.Phase = PhasePublished
	}
	return nil
}

// ExtendClosing sets a new closing time, later than now, and records the
// change in the audit log: a closed consultation opens again until then.
// A published consultation keeps its dates. It returns ErrNotFound, a
// validation error for a time that is not after now and the opening time,
// or a conflict error for a published consultation.
func (s *Store) ExtendClosing(ctx context.Context, actor, slug string, closesAt time.Time) (*Consultation, error) {
	var out *Consultation
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := consultationForChange(ctx, tx, slug)
		if err != nil {
			return err
		}
		if c.Phase == PhasePublished {
			return Errorf(KindConflict, "consultation_published",
				"The results of this consultation are published; set it back to closed before changing its closing time.")
		}
		if !closesAt.After(s.now()) || (c.OpensAt != nil && !closesAt.After(*c.OpensAt)) {
			return &Error{Kind: KindValidation, Code: "invalid_closing_time",
				Message: "The new closing time must be later than now and than the opening time.",
				Fields:  map[string]string{"closes_at": "must be later than now and than the opening time"}}
		}
		next := *c
		next.ClosesAt = &closesAt
		if err := saveSchedule(ctx, tx, &next); err != nil {
			return err
		}
		out = &next
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "consultation.closing", ConsultationID: &c.ID, Subject: slug,
			Details: map[string]any{"from": c.ClosesAt, "to": closesAt}})
	})
	return out, err
}

// consultationForChange locks a consultation against concurrent changes
// of its status and against loads.
func consultationForChange(ctx context.Context, tx pgx.Tx, slug string) (*Consultation, error) {
	return scanConsultation(tx.QueryRow(ctx, `
		SELECT id, slug, title, meeting, context, opens_at, closes_at, time_zone, self_registration, phase, attachments
		FROM consultations WHERE slug = $1 FOR UPDATE`, slug))
}

func saveSchedule(ctx context.Context, tx pgx.Tx, c *Consultation) error {
	_, err := tx.Exec(ctx, `UPDATE consultations SET phase = $2, opens_at = $3, closes_at = $4, updated_at = now()
		WHERE id = $1`, c.ID, c.Phase, c.OpensAt, c.ClosesAt)
	if err != nil {
		return fmt.Errorf("change status: %w", err)
	}
	return nil
}

// refuseIfSubmitted keeps a consultation that has submitted answers from
// going back to draft, which would hide them from those who gave them.
func refuseIfSubmitted(ctx context.Context, tx pgx.Tx, consultationID int64) error {
	var n int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM responses rs JOIN respondents r ON r.id = rs.respondent_id
		WHERE r.consultation_id = $1 AND rs.status = 'submitted'`, consultationID).Scan(&n)
	if err != nil {
		return fmt.Errorf("count submissions: %w", err)
	}
	if n > 0 {
		return Errorf(KindConflict, "consultation_answered",
			"%d response(s) have been submitted to this consultation: it can no longer be a draft.", n)
	}
	return nil
}

// ConsultationOverview is one consultation as the administrators' list
// shows it: its status and response rates per audience.
type ConsultationOverview struct {
	Consultation *Consultation
	Rates        []ResponseRate // one per question set, Region empty
}

// FindConsultationOverviews returns every consultation, drafts included,
// with its response rates, the most recently created first.
func (s *Store) FindConsultationOverviews(ctx context.Context) ([]ConsultationOverview, error) {
	var out []ConsultationOverview
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			SELECT id, slug, title, meeting, context, opens_at, closes_at, time_zone, self_registration, phase, attachments
			FROM consultations ORDER BY created_at DESC, id DESC`)
		if err != nil {
			return fmt.Errorf("find consultations: %w", err)
		}
		cs, err := collectConsultations(rows)
		if err != nil {
			return err
		}
		for _, c := range cs {
			rates, err := responseRates(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			out = append(out, ConsultationOverview{Consultation: c, Rates: rates})
		}
		return nil
	})
	return out, err
}

// FindResponseRates returns a consultation's response rates per audience.
func (s *Store) FindResponseRates(ctx context.Context, consultationID int64) ([]ResponseRate, error) {
	return responseRates(ctx, s.pool, consultationID)
}

// responseRates counts a consultation's respondents per audience: invited,
// started (saved at least once) and submitted, as the dashboard does.
func responseRates(ctx context.Context, db DBTX, consultationID int64) ([]ResponseRate, error) {
	rows, err := db.Query(ctx, `SELECT qs.audience, count(r.id),
			count(r.id) FILTER (WHERE rs.version > 0 OR rs.status = 'submitted'),
			count(r.id) FILTER (WHERE rs.status = 'submitted')
		FROM question_sets qs
		LEFT JOIN respondents r ON r.question_set_id = qs.id
		LEFT JOIN responses rs ON rs.respondent_id = r.id
		WHERE qs.consultation_id = $1
		GROUP BY qs.audience ORDER BY qs.audience`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("response rates: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ResponseRate, error) {
		var r ResponseRate
		err := row.Scan(&r.Audience, &r.Invited, &r.Started, &r.Submitted)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("response rates: %w", err)
	}
	return out, nil
}

// FindAnsweredQuestions returns the ids of a consultation's questions that
// have submitted answers: their wording, kind and choices are fixed.
func (s *Store) FindAnsweredQuestions(ctx context.Context, consultationID int64) (map[int64]bool, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT sa.question_id
		FROM submitted_answers sa
		JOIN questions q ON q.id = sa.question_id
		JOIN question_sets qs ON qs.id = q.question_set_id
		WHERE qs.consultation_id = $1`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("find answered questions: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("find answered questions: %w", err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
