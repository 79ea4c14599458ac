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

	"github.com/vaconsult/vaconsult/internal/bidi"
)

// Theme is a theme reviewers created for a consultation, applicable to the
// answers of any of its questions, of either audience, with how many
// submitted answers carry it. Version starts at 1 and moves on at each
// rename: a rename or a deletion names the version it was based on.
type Theme struct {
	ID             int64
	ConsultationID int64
	Name           string
	Version        int
	Count          int
	CreatedAt      time.Time
	// ChangedBy and ChangedAt say who gave the theme its current name and
	// when: its creator, or whoever renamed it last. ChangedBy is the
	// reviewer's name, empty for the command line. Only FindTheme fills
	// them.
	ChangedBy string
	ChangedAt time.Time
}

// KeyPoints is the Co-Chairs' text of key points for one question. A
// question without key points has an empty Text, Version 0 and a nil
// UpdatedAt; each save moves Version on by one.
type KeyPoints struct {
	QuestionID    int64
	Text          string
	Version       int
	UpdatedBy     *int64 // reviewer id; nil when written from the command line
	UpdatedByName string // that reviewer's name; empty for the command line
	UpdatedAt     *time.Time
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
	name = strings.TrimSpace(bidi.Strip(name))
	if name == "" || utf8.RuneCountInString(name) > maxThemeName {
		return "", &Error{Kind: KindValidation, Code: "validation_failed", Message: "The theme's name is not valid.",
			Fields: map[string]string{"name": fmt.Sprintf("must be 1 to %d characters", maxThemeName)}}
	}
	return name, nil
}

// errThemeExists marks a taken name inside a transaction; the methods
// return themeExists in its place once the transaction is over.
var errThemeExists = Errorf(KindConflict, "theme_exists", "This consultation already has a theme of that name.")

// themeExists returns the theme_exists conflict with the id of the theme
// that holds the name, for the caller to show whose it is.
func (s *Store) themeExists(ctx context.Context, consultationID int64, name string) error {
	e := Errorf(KindConflict, "theme_exists", "This consultation already has a theme of that name.")
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT id FROM themes WHERE consultation_id = $1 AND lower(name) = lower($2)`,
		consultationID, name).Scan(&id)
	if err == nil {
		e.Data = map[string]any{"theme_id": id}
	}
	return e
}

// editConflict is the error of a change based on a version that is no
// longer the current one: someone else saved in between, and nothing was
// changed.
func editConflict(what string, current int) *Error {
	e := Errorf(KindConflict, "edit_conflict", "Someone else changed %s since you loaded them (now at version %d). "+
		"Nothing was overwritten: load the current version, merge your changes and save again.", what, current)
	e.Data, e.Err = map[string]any{"current_version": current}, ErrEditConflict
	return e
}

// questionConsultation returns the consultation a question belongs to, for
// the audit log, or ErrNotFound.
func questionConsultation(ctx context.Context, db DBTX, questionID int64) (int64, error) {
	var id int64
	err := db.QueryRow(ctx, `SELECT qs.consultation_id FROM questions q
		JOIN question_sets qs ON qs.id = q.question_set_id WHERE q.id = $1`, questionID).Scan(&id)
	return id, notFound(err)
}

// CreateTheme adds a theme to a consultation, at version 1. It returns
// ErrNotFound for an unknown consultation, a validation error for an empty
// or too long name and a conflict (theme_exists, with the theme_id that has
// the name) when the consultation has a theme of that name in any letter
// case.
func (s *Store) CreateTheme(ctx context.Context, actor string, consultationID int64, name string) (*Theme, error) {
	name, err := checkThemeName(name)
	if err != nil {
		return nil, err
	}
	t := Theme{ConsultationID: consultationID, Name: name, Version: 1}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		err = tx.QueryRow(ctx, `INSERT INTO themes (consultation_id, name, created_by)
			SELECT id, $2, $3 FROM consultations WHERE id = $1
			RETURNING id, created_at`, consultationID, name, reviewerID(actor)).Scan(&t.ID, &t.CreatedAt)
		if isUniqueViolation(err, "themes_consultation_name") {
			return errThemeExists
		}
		if err != nil {
			return notFound(err)
		}
		return auditTheme(ctx, tx, actor, "theme.create", &t, map[string]any{"name": name})
	})
	if errors.Is(err, errThemeExists) {
		return nil, s.themeExists(ctx, consultationID, name)
	}
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// RenameTheme renames a theme, based on the version of it the reviewer
// saw. It returns ErrNotFound for an unknown theme, the errors of
// CreateTheme for the name, and an edit_conflict when the theme has been
// renamed since base (nothing is changed then). Renaming a theme to the
// name it has already changes nothing, whatever base.
func (s *Store) RenameTheme(ctx context.Context, actor string, themeID int64, base int, name string) (*Theme, error) {
	name, err := checkThemeName(name)
	if err != nil {
		return nil, err
	}
	var t Theme
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockTheme(ctx, tx, themeID, &t); err != nil {
			return err
		}
		old := t.Name
		switch {
		case old == name:
			return nil // already so: a repeated rename, or two reviewers who agree
		case t.Version != base:
			return editConflict("this theme", t.Version)
		}
		err := tx.QueryRow(ctx, `UPDATE themes SET name = $2, version = version + 1, updated_by = $3, updated_at = now()
			WHERE id = $1 RETURNING version`, themeID, name, reviewerID(actor)).Scan(&t.Version)
		if isUniqueViolation(err, "themes_consultation_name") {
			return errThemeExists
		}
		if err != nil {
			return fmt.Errorf("rename theme: %w", err)
		}
		t.Name = name
		return auditTheme(ctx, tx, actor, "theme.rename", &t, map[string]any{"from": old, "to": name})
	})
	if errors.Is(err, errThemeExists) {
		return nil, s.themeExists(ctx, t.ConsultationID, name)
	}
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// lockTheme locks a theme for a change and reads it into t, or returns
// ErrNotFound. Two changes to one theme thus take turns, and the second
// sees the version the first left.
func lockTheme(ctx context.Context, tx pgx.Tx, themeID int64, t *Theme) error {
	err := tx.QueryRow(ctx, `SELECT id, consultation_id, name, version, created_at,
			(SELECT count(*) FROM answer_themes WHERE theme_id = t.id)
		FROM themes t WHERE id = $1 FOR UPDATE`, themeID).
		Scan(&t.ID, &t.ConsultationID, &t.Name, &t.Version, &t.CreatedAt, &t.Count)
	return notFound(err)
}

// DeleteTheme removes a theme and its tags, based on the version of it the
// reviewer saw. It returns ErrNotFound for an unknown theme (one deleted
// already) and an edit_conflict when the theme has been renamed since base:
// the reviewer may not want to delete it under its new name.
func (s *Store) DeleteTheme(ctx context.Context, actor string, themeID int64, base int) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var t Theme
		if err := lockTheme(ctx, tx, themeID, &t); err != nil {
			return err
		}
		if t.Version != base {
			return editConflict("this theme", t.Version)
		}
		// The tags go with the theme; the audit entry keeps them, as pairs
		// of response and question, so that RestoreTheme can undo the
		// deletion.
		rows, err := tx.Query(ctx, `SELECT ARRAY[response_id, question_id] FROM answer_themes WHERE theme_id = $1
			ORDER BY response_id, question_id`, themeID)
		if err != nil {
			return fmt.Errorf("delete theme: %w", err)
		}
		tagged, err := pgx.CollectRows(rows, pgx.RowTo[[]int64])
		if err != nil {
			return fmt.Errorf("delete theme: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM themes WHERE id = $1`, themeID); err != nil {
			return fmt.Errorf("delete theme: %w", err)
		}
		return auditTheme(ctx, tx, actor, "theme.delete", &t, map[string]any{"name": t.Name, "tags": tagged})
	})
}

// FindTheme returns a theme with who gave it its current name and when, or
// ErrNotFound.
func (s *Store) FindTheme(ctx context.Context, themeID int64) (*Theme, error) {
	var t Theme
	err := s.pool.QueryRow(ctx, `SELECT t.id, t.consultation_id, t.name, t.version, t.created_at,
			coalesce(t.updated_at, t.created_at), coalesce(r.name, ''),
			(SELECT count(*) FROM answer_themes WHERE theme_id = t.id)
		FROM themes t
		LEFT JOIN reviewers r ON r.id = CASE WHEN t.updated_at IS NULL THEN t.created_by ELSE t.updated_by END
		WHERE t.id = $1`, themeID).
		Scan(&t.ID, &t.ConsultationID, &t.Name, &t.Version, &t.CreatedAt, &t.ChangedAt, &t.ChangedBy, &t.Count)
	if err != nil {
		return nil, notFound(err)
	}
	return &t, nil
}

func auditTheme(ctx context.Context, tx pgx.Tx, actor, action string, t *Theme, details map[string]any) error {
	return insertAudit(ctx, tx, Audit{Actor: actor, Action: action, ConsultationID: &t.ConsultationID,
		Subject: fmt.Sprintf("theme:%d", t.ID), Details: details})
}

// FindThemes returns a consultation's themes by name, each with the number
// of submitted answers tagged with it, to any question. A consultation
// without themes gives none.
func (s *Store) FindThemes(ctx context.Context, consultationID int64) ([]Theme, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT t.id, t.consultation_id, t.name, t.version, t.created_at, count(at.theme_id)
		FROM themes t LEFT JOIN answer_themes at ON at.theme_id = t.id
		WHERE t.consultation_id = $1
		GROUP BY t.id ORDER BY lower(t.name), t.id`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("find themes: %w", err)
	}
	themes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Theme, error) {
		var t Theme
		err := r.Scan(&t.ID, &t.ConsultationID, &t.Name, &t.Version, &t.CreatedAt, &t.Count)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("find themes: %w", err)
	}
	return themes, nil
}

// TagAnswer tags a response's submitted answer to a question with a theme of
// the question's consultation. Tagging twice is the same as tagging once.
// It returns ErrNotFound when the theme or the submitted answer does not
// exist, and a validation error when the theme belongs to another
// consultation.
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
	var sameConsultation, answered bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM questions q JOIN question_sets qs ON qs.id = q.question_set_id
				WHERE q.id = $2 AND qs.consultation_id = t.consultation_id),
			EXISTS (SELECT 1 FROM submitted_answers WHERE response_id = $1 AND question_id = $2)
		FROM themes t WHERE t.id = $3 FOR SHARE OF t`, responseID, questionID, themeID).Scan(&sameConsultation, &answered)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return Errorf(KindNotFound, "theme_not_found", "There is no such theme.")
	case err != nil:
		return fmt.Errorf("tag answer: %w", err)
	case !sameConsultation:
		return &Error{Kind: KindValidation, Code: "validation_failed", Message: "This theme belongs to another consultation.",
			Fields: map[string]string{"theme": "must be a theme of the answer's consultation"}}
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

// SetKeyPoints writes the Co-Chairs' key points for a question, based on
// the version the reviewer saw (0 when there were none), and returns them
// at their new version; an empty text clears them. A save based on an older
// version is refused with an edit_conflict carrying the current version,
// and changes nothing; a save of the text already there changes nothing
// and succeeds, whatever base. It returns ErrNotFound for an unknown
// question and a validation error for a text over 20,000 characters.
func (s *Store) SetKeyPoints(ctx context.Context, actor string, questionID int64, base int, text string) (*KeyPoints, error) {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > maxKeyPoints || !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
		return nil, &Error{Kind: KindValidation, Code: "validation_failed", Message: "The key points are not valid.",
			Fields: map[string]string{"text": fmt.Sprintf("must be text of at most %d characters", maxKeyPoints)}}
	}
	var kp *KeyPoints
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		cid, err := questionConsultation(ctx, tx, questionID)
		if err != nil {
			return err
		}
		kp, err = writeKeyPoints(ctx, tx, actor, questionID, base, text)
		if err != nil || kp == nil {
			return err
		}
		// The text itself stays out of the log: the key points are the record.
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "key_points.set", ConsultationID: &cid,
			Subject: fmt.Sprintf("question:%d", questionID), Details: map[string]any{"length": utf8.RuneCountInString(text)}})
	})
	if err != nil {
		return nil, err
	}
	if kp == nil { // nothing to write: the text is there already
		return s.FindKeyPoints(ctx, questionID)
	}
	return kp, nil
}

// writeKeyPoints saves text over the key points at version base and
// returns them, or nil when they hold text already. The first key points of
// a question have no row to lock: when two first saves meet, the insert of
// the second finds the first's row, and it looks again, as at any version.
func writeKeyPoints(ctx context.Context, tx pgx.Tx, actor string, questionID int64, base int, text string) (*KeyPoints, error) {
	for {
		cur, err := lockKeyPoints(ctx, tx, questionID)
		switch {
		case err != nil:
			return nil, err
		case cur.Text == text:
			return nil, nil
		case cur.Version != base:
			return nil, editConflict("these key points", cur.Version)
		}
		kp := &KeyPoints{QuestionID: questionID, Text: text, UpdatedBy: reviewerID(actor)}
		err = tx.QueryRow(ctx, `INSERT INTO key_points (question_id, text, updated_by, version) VALUES ($1, $2, $3, $4 + 1)
			ON CONFLICT (question_id) DO UPDATE SET text = $2, updated_by = $3, updated_at = now(), version = $4 + 1
				WHERE key_points.version = $4
			RETURNING version, updated_at, coalesce((SELECT name FROM reviewers WHERE id = $3), '')`,
			questionID, text, kp.UpdatedBy, base).Scan(&kp.Version, &kp.UpdatedAt, &kp.UpdatedByName)
		if errors.Is(err, pgx.ErrNoRows) {
			continue // another first save landed meanwhile
		}
		if err != nil {
			return nil, fmt.Errorf("set key points: %w", err)
		}
		return kp, nil
	}
}

// lockKeyPoints locks a question's key points, if it has any, and reads
// them; a question without key points gives an empty text at version 0.
func lockKeyPoints(ctx context.Context, tx pgx.Tx, questionID int64) (*KeyPoints, error) {
	kp := KeyPoints{QuestionID: questionID}
	err := tx.QueryRow(ctx, `SELECT text, version FROM key_points WHERE question_id = $1 FOR UPDATE`, questionID).
		Scan(&kp.Text, &kp.Version)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("lock key points: %w", err)
	}
	return &kp, nil
}

// FindKeyPoints returns the key points of a question, empty when none were
// written. It returns ErrNotFound for an unknown question.
func (s *Store) FindKeyPoints(ctx context.Context, questionID int64) (*KeyPoints, error) {
	return findKeyPoints(ctx, s.pool, questionID)
}
