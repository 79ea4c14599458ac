package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Whom a reminder goes to, among those who have not submitted.
const (
	RemindAll        = ""                             // every contributor whose response is not submitted
	RemindNotStarted = "not-started"                  // nothing saved yet
	RemindStarted    = string(domain.ProgressStarted) // saved, not submitted
)

// ReminderRequest asks for reminders to a consultation's contributors.
type ReminderRequest struct {
	Consultation string // slug
	Only         string // RemindAll, RemindNotStarted or RemindStarted
	Actor        string // for the audit log
	DryRun       bool   // count, queue nothing
}

// ReminderResult says how many reminders were queued (or would be, on a
// dry run) and how many people were left out because they had one within
// the last 24 hours.
type ReminderResult struct {
	Queued        int
	RecentlyAsked int
}

// Remind queues a reminder for every contributor with an email address
// whose response is not submitted, one per address, leaving out addresses
// reminded within the last 24 hours (a failed reminder does not count). The
// messages and their jobs are queued in one transaction; two reminders run
// at once wait for each other, so nobody gets both.
func (s *Store) Remind(ctx context.Context, req ReminderRequest) (*ReminderResult, error) {
	if req.Only != RemindAll && req.Only != RemindNotStarted && req.Only != RemindStarted {
		return nil, &Error{Kind: KindValidation, Code: "validation_failed", Message: "Some fields are not valid.",
			Fields: map[string]string{"only": `must be "not-started" or "started", or left out for both`}}
	}
	var res ReminderResult
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := consultationForUpdate(ctx, tx, req.Consultation)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('vaconsult.remind'), $1::int)`, c.ID); err != nil {
			return fmt.Errorf("remind: %w", err)
		}
		due, err := reminderRecipients(ctx, tx, c.ID, req.Only)
		if err != nil {
			return err
		}
		for _, r := range due {
			if r.recent {
				res.RecentlyAsked++
				continue
			}
			res.Queued++
			if req.DryRun {
				continue
			}
			if _, err := s.queueMessage(ctx, tx, newMessage{ContributorID: r.contributorID, Kind: MessageReminder, Language: r.language}); err != nil {
				return err
			}
		}
		if req.DryRun {
			return nil
		}
		return insertAudit(ctx, tx, Audit{Actor: req.Actor, Action: "messages.remind", ConsultationID: &c.ID,
			Details: map[string]any{"queued": res.Queued, "only": req.Only, "recently_asked": res.RecentlyAsked}})
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

type reminderRecipient struct {
	contributorID int64
	language      string
	recent        bool
}

// reminderRecipients returns one contributor per email address among those
// who have not submitted, each with their language, and whether the
// address had a reminder in the last 24 hours.
func reminderRecipients(ctx context.Context, tx pgx.Tx, consultationID int64, only string) ([]reminderRecipient, error) {
	rows, err := tx.Query(ctx, `
		SELECT DISTINCT ON (lower(c.email)) c.id,
			c.language,
			EXISTS (SELECT 1 FROM messages m WHERE m.consultation_id = r.consultation_id
				AND lower(m.email) = lower(c.email) AND m.kind = 'reminder' AND m.status <> 'failed'
				AND m.created_at > now() - interval '24 hours')
		FROM contributors c
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		WHERE r.consultation_id = $1 AND c.revoked_at IS NULL AND c.email <> '' AND rs.status <> 'submitted'
		  AND ($2 = '' OR ($2 = 'not-started' AND rs.version = 0) OR ($2 = 'started' AND rs.version > 0))
		ORDER BY lower(c.email), c.id`, consultationID, only)
	if err != nil {
		return nil, fmt.Errorf("remind: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (reminderRecipient, error) {
		var r reminderRecipient
		err := row.Scan(&r.contributorID, &r.language, &r.recent)
		return r, err
	})
}

// Outstanding is a contributor whose response is not submitted, with the
// last message they were sent.
type Outstanding struct {
	ContributorID int64
	Contributor   string
	Email         string
	Respondent    string
	Country       string
	Status        string // invited or started
	Last          *Message
}

// FindOutstanding lists the contributors of a consultation whose response
// is not submitted, by respondent, with the last message to each.
func (s *Store) FindOutstanding(ctx context.Context, slug string) ([]Outstanding, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT c.id, c.name, c.email, r.name, r.country,
			CASE WHEN rs.version > 0 THEN 'started' ELSE 'invited' END,
			m.id, m.kind, m.status, m.created_at, m.sent_at, m.reply
		FROM contributors c
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
		LEFT JOIN LATERAL (SELECT id, kind, status, created_at, sent_at, reply FROM messages
			WHERE contributor_id = c.id ORDER BY id DESC LIMIT 1) m ON true
		WHERE cn.slug = $1 AND c.revoked_at IS NULL AND rs.status <> 'submitted'
		ORDER BY r.name, r.id, c.name, c.id`, slug)
	if err != nil {
		return nil, fmt.Errorf("find outstanding: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Outstanding, error) {
		var o Outstanding
		var id *int64
		var kind, status, reply *string
		var created *time.Time
		var m Message
		err := row.Scan(&o.ContributorID, &o.Contributor, &o.Email, &o.Respondent, &o.Country, &o.Status,
			&id, &kind, &status, &created, &m.SentAt, &reply)
		if err == nil && id != nil {
			m.ID, m.Kind, m.Status, m.CreatedAt, m.Reply = *id, *kind, *status, *created, *reply
			o.Last = &m
		}
		return o, err
	})
}
