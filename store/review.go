package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
)

// Theme is a theme reviewers created for one question, with how many
// submitted answers carry it.
type Theme struct {
	ID         int64
	QuestionID int64
	Name       string
	Count      int
	CreatedAt  time.Time
}

// KeyPoints is the Co-Chairs' text of key points for one question. A
// question without key points has an empty Text and a nil UpdatedAt.
type KeyPoints struct {
	QuestionID int64
	Text       string
	UpdatedBy  *int64 // reviewer id; nil when written from the command line
	UpdatedAt  *time.Time
}

// maxThemeName and maxKeyPoints mirror the checks in the schema, so that a
// too-long input gets a validation error rather than a database error.
const (
	maxThemeName = 100
	maxKeyPoints = 20000
)

// reviewerID returns the reviewer id in an actor such as "reviewer:3", nil
// for any other actor ("cli").
func reviewerID(actor string) *int64 {
	s, ok := strings.CutPrefix(actor, "reviewer:")
	if !ok {
		return nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil
	}
	return &id
}

func checkThemeName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxThemeName {
		return "", &Error{Kind: KindValidation, Code: "validation_failed", Message: "The theme's name is not valid.",
			Fields: map[string]string{"name": fmt.Sprintf("must be 1 to %d characters", maxThemeName)}}
	}
	return name, nil
}

var errThemeExists = Errorf(KindConflict, "theme_exists", "This question already has a theme of that name.")

// questionConsultation returns the consultation a question belongs to, for
// the audit log, or ErrNotFound.
func questionConsultation(ctx context.Context, db DBTX, questionID int64) (int64, error) {
	var id int64
	err := db.QueryRow(ctx, `SELECT qs.consultation_id FROM questions q
		JOIN question_sets qs ON qs.id = q.question_set_id WHERE q.id = $1`, questionID).Scan(&id)
	return id, notFound(err)
}

// CreateTheme adds a theme to a question. It returns ErrNotFound for an
// unknown question, a validation error for an empty or too long name and a
// conflict (theme_exists) when the question has a theme of that name in any
// letter case.
func (s *Store) CreateTheme(ctx context.Context, actor string, questionID int64, name string) (*Theme, error) {
	name, err := checkThemeName(name)
	if err != nil {
		return nil, err
	}
	t := Theme{QuestionID: questionID, Name: name}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		cid, err := questionConsultation(ctx, tx, questionID)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO themes (question_id, name, created_by) VALUES ($1, $2, $3)
			RETURNING id, created_at`, questionID, name, reviewerID(actor)).Scan(&t.ID, &t.CreatedAt)
		if isUniqueViolation(err, "themes_question_name") {
			return errThemeExists
		}
		if err != nil {
			return fmt.Errorf("create theme: %w", err)
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "theme.create", ConsultationID: &cid,
			Subject: fmt.Sprintf("theme:%d", t.ID), Details: map[string]any{"question": questionID, "name": name}})
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// RenameTheme renames a theme. It returns ErrNotFound for an unknown theme
// and the errors of CreateTheme for the name.
func (s *Store) RenameTheme(ctx context.Context, actor string, themeID int64, name string) (*Theme, error) {
	name, err := checkThemeName(name)
	if err != nil {
		return nil, err
	}
	var t Theme
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		var old string
		err := tx.QueryRow(ctx, `SELECT name FROM themes WHERE id = $1 FOR UPDATE`, themeID).Scan(&old)
		if err != nil {
			return notFound(err)
		}
		err = tx.QueryRow(ctx, `UPDATE themes SET name = $2 WHERE id = $1
			RETURNING id, question_id, name, created_at,
				(SELECT count(*) FROM answer_themes WHERE theme_id = $1)`, themeID, name).
			Scan(&t.ID, &t.QuestionID, &t.Name, &t.CreatedAt, &t.Count)
		if isUniqueViolation(err, "themes_question_name") {
			return errThemeExists
		}
		if err != nil {
			return fmt.Errorf("rename theme: %w", err)
		}
		return auditTheme(ctx, tx, actor, "theme.rename", &t, map[string]any{"from": old, "to": name})
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// DeleteTheme removes a theme and its tags. It returns ErrNotFound for an
// unknown theme.
func (s *Store) DeleteTheme(ctx context.Context, actor string, themeID int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var t Theme
		err := tx.QueryRow(ctx, `DELETE FROM themes WHERE id = $1 RETURNING id, question_id, name`, themeID).
			Scan(&t.ID, &t.QuestionID, &t.Name)
		if err != nil {
			return notFound(err)
		}
		return auditTheme(ctx, tx, actor, "theme.delete", &t, map[string]any{"name": t.Name})
	})
}

func auditTheme(ctx context.Context, tx pgx.Tx, actor, action string, t *Theme, details map[string]any) error {
	cid, err := questionConsultation(ctx, tx, t.QuestionID)
	if err != nil {
		return err
	}
	details["question"] = t.QuestionID
	return insertAudit(ctx, tx, Audit{Actor: actor, Action: action, ConsultationID: &cid,
		Subject: fmt.Sprintf("theme:%d", t.ID), Details: details})
}

// FindThemes returns a question's themes by name, each with the number of
// submitted answers tagged with it. A question without themes gives none.
func (s *Store) FindThemes(ctx context.Context, questionID int64) ([]Theme, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT t.id, t.question_id, t.name, t.created_at, count(at.theme_id)
		FROM themes t LEFT JOIN answer_themes at ON at.theme_id = t.id
		WHERE t.question_id = $1
		GROUP BY t.id ORDER BY lower(t.name), t.id`, questionID)
	if err != nil {
		return nil, fmt.Errorf("find themes: %w", err)
	}
	themes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Theme, error) {
		var t Theme
		err := r.Scan(&t.ID, &t.QuestionID, &t.Name, &t.CreatedAt, &t.Count)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("find themes: %w", err)
	}
	return themes, nil
}

// TagAnswer tags a response's submitted answer to a question with a theme of
// that question. Tagging twice is the same as tagging once. It returns
// ErrNotFound when the theme or the submitted answer does not exist, and a
// validation error when the theme belongs to another question.
func (s *Store) TagAnswer(ctx context.Context, actor string, responseID, questionID, themeID int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := checkTaggable(ctx, tx, responseID, questionID, themeID); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO answer_themes (response_id, question_id, theme_id, tagged_by)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, responseID, questionID, themeID, reviewerID(actor))
		if err != nil {
			return fmt.Errorf("tag answer: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return nil // already tagged: nothing changed, nothing to audit
		}
		return auditTag(ctx, tx, actor, "answer.tag", responseID, questionID, themeID)
	})
}

// UntagAnswer removes a theme from a submitted answer. Removing a tag the
// answer does not carry changes nothing and is not an error.
func (s *Store) UntagAnswer(ctx context.Context, actor string, responseID, questionID, themeID int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM answer_themes
			WHERE response_id = $1 AND question_id = $2 AND theme_id = $3`, responseID, questionID, themeID)
		if err != nil {
			return fmt.Errorf("untag answer: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return auditTag(ctx, tx, actor, "answer.untag", responseID, questionID, themeID)
	})
}

// checkTaggable says which part of a tag is missing, where the foreign keys
// alone would only say that one is.
func checkTaggable(ctx context.Context, tx pgx.Tx, responseID, questionID, themeID int64) error {
	var themeQuestion int64
	var answered bool
	err := tx.QueryRow(ctx, `SELECT t.question_id,
			EXISTS (SELECT 1 FROM submitted_answers WHERE response_id = $1 AND question_id = $2)
		FROM themes t WHERE t.id = $3 FOR SHARE OF t`, responseID, questionID, themeID).Scan(&themeQuestion, &answered)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Errorf(KindNotFound, "theme_not_found", "There is no such theme.")
	case err != nil:
		return fmt.Errorf("tag answer: %w", err)
	case themeQuestion != questionID:
		return &Error{Kind: KindValidation, Code: "validation_failed", Message: "This theme belongs to another question.",
			Fields: map[string]string{"theme": "must be a theme of the answer's question"}}
	case !answered:
		return Errorf(KindNotFound, "answer_not_found", "This response has no submitted answer to this question.")
	}
	return nil
}

func auditTag(ctx context.Context, tx pgx.Tx, actor, action string, responseID, questionID, themeID int64) error {
	cid, err := questionConsultation(ctx, tx, questionID)
	if err != nil {
		return err
	}
	return insertAudit(ctx, tx, Audit{Actor: actor, Action: action, ConsultationID: &cid,
		Subject: fmt.Sprintf("response:%d", responseID), Details: map[string]any{"question": questionID, "theme": themeID}})
}

// SetKeyPoints writes the Co-Chairs' key points for a question, replacing
// the previous text; an empty text clears them. It returns ErrNotFound for
// an unknown question and a validation error for a text over 20,000
// characters.
func (s *Store) SetKeyPoints(ctx context.Context, actor string, questionID int64, text string) (*KeyPoints, error) {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > maxKeyPoints || !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
		return nil, &Error{Kind: KindValidation, Code: "validation_failed", Message: "The key points are not valid.",
			Fields: map[string]string{"text": fmt.Sprintf("must be text of at most %d characters", maxKeyPoints)}}
	}
	kp := KeyPoints{QuestionID: questionID, Text: text, UpdatedBy: reviewerID(actor)}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		cid, err := questionConsultation(ctx, tx, questionID)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO key_points (question_id, text, updated_by) VALUES ($1, $2, $3)
			ON CONFLICT (question_id) DO UPDATE SET text = $2, updated_by = $3, updated_at = now()
			RETURNING updated_at`, questionID, text, kp.UpdatedBy).Scan(&kp.UpdatedAt)
		if err != nil {
			return fmt.Errorf("set key points: %w", err)
		}
		// The text itself stays out of the log: the key points are the record.
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "key_points.set", ConsultationID: &cid,
			Subject: fmt.Sprintf("question:%d", questionID), Details: map[string]any{"length": utf8.RuneCountInString(text)}})
	})
	if err != nil {
		return nil, err
	}
	return &kp, nil
}

// FindKeyPoints returns the key points of a question, empty when none were
// written. It returns ErrNotFound for an unknown question.
func (s *Store) FindKeyPoints(ctx context.Context, questionID int64) (*KeyPoints, error) {
	return findKeyPoints(ctx, s.pool, questionID)
}
