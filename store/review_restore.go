package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// DeletedTheme is a theme as it was when it was deleted, from the audit
// log: what RestoreTheme brings back.
type DeletedTheme struct {
	ID             int64 // the deleted theme's id
	ConsultationID int64
	Name           string
	Tags           []Tag // the answers it was on
	Restored       bool  // restored already
}

// Tag names one submitted answer: a response's answer to a question.
type Tag struct {
	ResponseID int64
	QuestionID int64
}

// FindDeletedTheme returns a theme deleted from the consultation, as its
// deletion recorded it. It returns ErrNotFound when no such theme of the
// consultation was deleted.
func (s *Store) FindDeletedTheme(ctx context.Context, consultationID, themeID int64) (*DeletedTheme, error) {
	return findDeletedTheme(ctx, s.pool, consultationID, themeID)
}

func findDeletedTheme(ctx context.Context, db DBTX, consultationID, themeID int64) (*DeletedTheme, error) {
	d := DeletedTheme{ID: themeID, ConsultationID: consultationID}
	subject := fmt.Sprintf("theme:%d", themeID)
	var details map[string]any
	err := db.QueryRow(ctx, `SELECT a.details,
			EXISTS (SELECT 1 FROM audit_log r WHERE r.action = 'theme.restore' AND r.subject = $1)
		FROM audit_log a
		WHERE a.action = 'theme.delete' AND a.subject = $1 AND a.consultation_id = $2
		ORDER BY a.id DESC LIMIT 1`, subject, consultationID).Scan(&details, &d.Restored)
	if err != nil {
		return nil, notFound(err)
	}
	d.Name, _ = details["name"].(string)
	d.Tags = deletedTags(details)
	return &d, nil
}

// deletedTags reads the answers a deleted theme was on from its deletion's
// details: pairs of response and question ("tags"), or, for a theme
// deleted when themes belonged to one question, the responses to that
// question ("responses" and "question").
func deletedTags(details map[string]any) []Tag {
	var out []Tag
	if pairs, ok := details["tags"].([]any); ok {
		for _, p := range pairs {
			if ids, ok := p.([]any); ok && len(ids) == 2 {
				r, ok1 := ids[0].(float64)
				q, ok2 := ids[1].(float64)
				if ok1 && ok2 {
					out = append(out, Tag{ResponseID: int64(r), QuestionID: int64(q)})
				}
			}
		}
		return out
	}
	q, _ := details["question"].(float64)
	if ids, ok := details["responses"].([]any); ok && q > 0 {
		for _, v := range ids {
			if f, ok := v.(float64); ok {
				out = append(out, Tag{ResponseID: int64(f), QuestionID: int64(q)})
			}
		}
	}
	return out
}

// RestoreTheme undoes the deletion of a theme of the consultation: the
// theme comes back, under a new id, with its name and on the answers it
// was on that are still submitted. It returns ErrNotFound when no such
// theme was deleted, a conflict (restored) when it was restored already,
// and the errors of CreateTheme when another theme has taken its name
// since.
func (s *Store) RestoreTheme(ctx context.Context, actor string, consultationID, themeID int64) (*Theme, error) {
	var t *Theme
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// One undo at a time for a theme: the second waits, then finds the
		// first's entry.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('theme.restore:' || $1::bigint, 0))`, themeID); err != nil {
			return fmt.Errorf("restore theme: %w", err)
		}
		d, err := findDeletedTheme(ctx, tx, consultationID, themeID)
		if err != nil {
			return err
		}
		if d.Restored {
			return withSentinel(Errorf(KindConflict, "restored", "This theme has been restored already."), ErrAlreadyRestored)
		}
		t = &Theme{ConsultationID: consultationID, Name: d.Name, Version: 1}
		err = tx.QueryRow(ctx, `INSERT INTO themes (consultation_id, name, created_by) VALUES ($1, $2, $3)
			RETURNING id, created_at`, consultationID, d.Name, reviewerID(actor)).Scan(&t.ID, &t.CreatedAt)
		if isUniqueViolation(err, "themes_consultation_name") {
			return errThemeExists
		}
		if err != nil {
			return fmt.Errorf("restore theme: %w", err)
		}
		responses, questions := make([]int64, len(d.Tags)), make([]int64, len(d.Tags))
		for i, g := range d.Tags {
			responses[i], questions[i] = g.ResponseID, g.QuestionID
		}
		tag, err := tx.Exec(ctx, `INSERT INTO answer_themes (response_id, question_id, theme_id, tagged_by)
			SELECT sa.response_id, sa.question_id, $3, $4
			FROM unnest($1::bigint[], $2::bigint[]) AS g (response_id, question_id)
			JOIN submitted_answers sa ON sa.response_id = g.response_id AND sa.question_id = g.question_id`,
			responses, questions, t.ID, reviewerID(actor))
		if err != nil {
			return fmt.Errorf("restore theme: %w", err)
		}
		t.Count = int(tag.RowsAffected())
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "theme.restore", ConsultationID: &consultationID,
			Subject: fmt.Sprintf("theme:%d", themeID), Details: map[string]any{"name": d.Name, "theme": t.ID}})
	})
	if errors.Is(err, errThemeExists) {
		return nil, s.themeExists(ctx, consultationID, t.Name)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}
