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
	ID         int64 // the deleted theme's id
	QuestionID int64
	Name       string
	Responses  []int64 // the answers it was on
	Restored   bool    // restored already
}

// FindDeletedTheme returns a theme deleted from the question, as its
// deletion recorded it. It returns ErrNotFound when no such theme of the
// question was deleted.
func (s *Store) FindDeletedTheme(ctx context.Context, questionID, themeID int64) (*DeletedTheme, error) {
	return findDeletedTheme(ctx, s.pool, questionID, themeID)
}

func findDeletedTheme(ctx context.Context, db DBTX, questionID, themeID int64) (*DeletedTheme, error) {
	d := DeletedTheme{ID: themeID, QuestionID: questionID}
	subject := fmt.Sprintf("theme:%d", themeID)
	var details map[string]any
	err := db.QueryRow(ctx, `SELECT a.details,
			EXISTS (SELECT 1 FROM audit_log r WHERE r.action = 'theme.restore' AND r.subject = $1)
		FROM audit_log a
		WHERE a.action = 'theme.delete' AND a.subject = $1 AND (a.details->>'question')::bigint = $2
		ORDER BY a.id DESC LIMIT 1`, subject, questionID).Scan(&details, &d.Restored)
	if err != nil {
		return nil, notFound(err)
	}
	d.Name, _ = details["name"].(string)
	if ids, ok := details["responses"].([]any); ok {
		for _, v := range ids {
			if f, ok := v.(float64); ok {
				d.Responses = append(d.Responses, int64(f))
			}
		}
	}
	return &d, nil
}

// RestoreTheme undoes the deletion of a theme of the question: the theme
// comes back, under a new id, with its name and on the answers it was on
// that are still submitted. It returns ErrNotFound when no such theme was
// deleted, a conflict (restored) when it was restored already, and the
// errors of CreateTheme when another theme has taken its name since.
func (s *Store) RestoreTheme(ctx context.Context, actor string, questionID, themeID int64) (*Theme, error) {
	var t *Theme
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// One undo at a time for a theme: the second waits, then finds the
		// first's entry.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('theme.restore:' || $1::bigint, 0))`, themeID); err != nil {
			return fmt.Errorf("restore theme: %w", err)
		}
		d, err := findDeletedTheme(ctx, tx, questionID, themeID)
		if err != nil {
			return err
		}
		if d.Restored {
			return withSentinel(Errorf(KindConflict, "restored", "This theme has been restored already."), ErrAlreadyRestored)
		}
		t = &Theme{QuestionID: questionID, Name: d.Name, Version: 1}
		err = tx.QueryRow(ctx, `INSERT INTO themes (question_id, name, created_by) VALUES ($1, $2, $3)
			RETURNING id, created_at`, questionID, d.Name, reviewerID(actor)).Scan(&t.ID, &t.CreatedAt)
		if isUniqueViolation(err, "themes_question_name") {
			return errThemeExists
		}
		if err != nil {
			return fmt.Errorf("restore theme: %w", err)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO answer_themes (response_id, question_id, theme_id, tagged_by)
			SELECT sa.response_id, sa.question_id, $3, $4 FROM submitted_answers sa
			WHERE sa.question_id = $1 AND sa.response_id = ANY($2)`, questionID, d.Responses, t.ID, reviewerID(actor))
		if err != nil {
			return fmt.Errorf("restore theme: %w", err)
		}
		t.Count = int(tag.RowsAffected())
		cid, err := questionConsultation(ctx, tx, questionID)
		if err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "theme.restore", ConsultationID: &cid,
			Subject: fmt.Sprintf("theme:%d", themeID), Details: map[string]any{"question": questionID, "name": d.Name, "theme": t.ID}})
	})
	if errors.Is(err, errThemeExists) {
		return nil, s.themeExists(ctx, questionID, t.Name)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}
