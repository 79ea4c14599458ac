package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Audit is one entry of the audit log: who did what, to what.
type Audit struct {
	Actor          string // "cli", "contributor:12", "reviewer:3", "system"
	Action         string // "consultation.create", "response.submit", ...
	ConsultationID *int64
	Subject        string
	Details        map[string]any
}

func insertAudit(ctx context.Context, db DBTX, a Audit) error {
	details := a.Details
	if details == nil {
		details = map[string]any{}
	}
	_, err := db.Exec(ctx, `INSERT INTO audit_log (actor, action, consultation_id, subject, details)
		VALUES ($1, $2, $3, $4, $5)`, a.Actor, a.Action, a.ConsultationID, a.Subject, details)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// queueAudit adds the insert of an audit entry to b.
func queueAudit(b *pgx.Batch, a Audit) {
	details := a.Details
	if details == nil {
		details = map[string]any{}
	}
	b.Queue(`INSERT INTO audit_log (actor, action, consultation_id, subject, details)
		VALUES ($1, $2, $3, $4, $5)`, a.Actor, a.Action, a.ConsultationID, a.Subject, details)
}

// AuditEntry is one entry of the audit log as it is read back, with the
// name of the reviewer or contributor behind the actor when there is one.
type AuditEntry struct {
	ID           int64
	At           time.Time
	Actor        string // "cli", "system", "reviewer:3", "contributor:12"
	ActorName    string // the reviewer's name and email, or the contributor's name; "" otherwise
	Action       string
	Subject      string
	Consultation string // slug; "" for actions on no consultation, such as sign-ins
	Details      map[string]any
}

// FindAuditActions returns the actions the audit log holds for a
// consultation (and for none), by name, for the filters: the log names
// them as they were recorded, older ones included.
func (s *Store) FindAuditActions(ctx context.Context, slug string) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT a.action FROM audit_log a
		WHERE a.consultation_id IS NULL OR a.consultation_id = (SELECT id FROM consultations WHERE slug = $1)
		ORDER BY 1`, slug)
	if err != nil {
		return nil, fmt.Errorf("find audit actions: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// AuditFilter says which entries to read: those of one consultation and
// those of no consultation (sign-ins, reviewer accounts), optionally of one
// action or one actor, since a time; Before pages back through the log.
type AuditFilter struct {
	Consultation string    // slug, required
	Action       string    // an exact action, or a prefix ending in "." such as "theme."
	Actor        string    // an exact actor, such as "reviewer:3"
	Since        time.Time // zero: from the start
	Before       int64     // only entries older than this id; 0: from the newest
	Oldest       bool      // oldest first, after After, instead of newest first
	After        int64     // with Oldest: only entries newer than this id
	Limit        int       // at most 1000; 50 when 0
}

// MaxAuditPage is the most entries one FindAudit returns.
const MaxAuditPage = 1000

// FindAudit returns a page of the audit log, newest first (oldest first
// with f.Oldest), paged by keyset on the entry's id: pass the last id of a
// page as f.Before (f.After) for the next. It returns ErrNotFound for an
// unknown consultation. The log is only read here; nothing updates or
// deletes it.
func (s *Store) FindAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var consultationID int64
	if err := s.pool.QueryRow(ctx, `SELECT id FROM consultations WHERE slug = $1`, f.Consultation).Scan(&consultationID); err != nil {
		return nil, notFound(err)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, MaxAuditPage)
	var since *time.Time
	if !f.Since.IsZero() {
		since = &f.Since
	}
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.at, a.actor, coalesce(rv.name || ' <' || rv.email || '>', ct.name, ''),
			a.action, a.subject, coalesce(c.slug, ''), a.details
		FROM audit_log a
		LEFT JOIN consultations c ON c.id = a.consultation_id
		LEFT JOIN reviewers rv ON rv.id = CASE WHEN a.actor ~ '^reviewer:[0-9]{1,18}$' THEN substr(a.actor, 10)::bigint END
		LEFT JOIN contributors ct ON ct.id = CASE WHEN a.actor ~ '^contributor:[0-9]{1,18}$' THEN substr(a.actor, 13)::bigint END
		WHERE (a.consultation_id = @consultation OR a.consultation_id IS NULL)
		  AND (@action = '' OR a.action = @action OR (right(@action, 1) = '.' AND starts_with(a.action, @action)))
		  AND (@actor = '' OR a.actor = @actor)
		  AND (@since::timestamptz IS NULL OR a.at >= @since)
		  AND (@oldest OR @before = 0 OR a.id < @before)
		  AND (NOT @oldest OR a.id > @after)
		ORDER BY CASE WHEN @oldest THEN a.id END, a.id DESC
		LIMIT @limit`, pgx.NamedArgs{"consultation": consultationID, "action": f.Action, "actor": f.Actor,
		"since": since, "before": f.Before, "after": f.After, "oldest": f.Oldest, "limit": f.Limit})
	if err != nil {
		return nil, fmt.Errorf("find audit: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (AuditEntry, error) {
		var e AuditEntry
		err := row.Scan(&e.ID, &e.At, &e.Actor, &e.ActorName, &e.Action, &e.Subject, &e.Consultation, &e.Details)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("find audit: %w", err)
	}
	return out, nil
}
