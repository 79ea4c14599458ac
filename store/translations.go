package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Translation is a translation of a submitted answer into one language.
// Machine says a machine translation service made it and no reviewer has
// approved it yet.
type Translation struct {
	Language      string
	Text          string
	Machine       bool
	Version       int
	UpdatedByName string // empty for the command line and the service
	UpdatedAt     time.Time
}

// TranslatedAnswer is a submitted answer with its translations, as the
// translation page shows it.
type TranslatedAnswer struct {
	ResponseID   int64
	QuestionID   int64
	Audience     domain.Audience
	Attribution  domain.Attribution
	Language     string
	Text         string
	Translations []Translation // by language
}

const maxTranslation = 50000

// FindTranslatedAnswer returns a submitted answer of the consultation with
// its translations, or ErrNotFound.
func (s *Store) FindTranslatedAnswer(ctx context.Context, consultationID, responseID, questionID int64) (*TranslatedAnswer, error) {
	a := TranslatedAnswer{ResponseID: responseID, QuestionID: questionID}
	err := s.pool.QueryRow(ctx, `SELECT r.audience, rs.attribution, sa.language, sa.text
		FROM submitted_answers sa
		JOIN responses rs ON rs.id = sa.response_id
		JOIN respondents r ON r.id = rs.respondent_id
		WHERE sa.response_id = $2 AND sa.question_id = $3 AND r.consultation_id = $1
			AND rs.status = 'submitted' AND rs.excluded_at IS NULL`, consultationID, responseID, questionID).
		Scan(&a.Audience, &a.Attribution, &a.Language, &a.Text)
	if err != nil {
		return nil, notFound(err)
	}
	rows, err := s.pool.Query(ctx, `SELECT t.language, t.text, t.machine, t.version, t.updated_at, coalesce(rv.name, '')
		FROM answer_translations t LEFT JOIN reviewers rv ON rv.id = t.updated_by
		WHERE t.response_id = $1 AND t.question_id = $2 ORDER BY t.language`, responseID, questionID)
	if err != nil {
		return nil, fmt.Errorf("translations: %w", err)
	}
	a.Translations, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Translation, error) {
		var t Translation
		err := row.Scan(&t.Language, &t.Text, &t.Machine, &t.Version, &t.UpdatedAt, &t.UpdatedByName)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("translations: %w", err)
	}
	return &a, nil
}

// TranslationInput is a translation to save over the version base (0 for
// a new one). Machine marks a machine translation service's draft;
// a reviewer's save, or approval, of the same text clears the mark.
type TranslationInput struct {
	ResponseID, QuestionID int64
	Language               string
	Text                   string
	Machine                bool
	Base                   int
}

// SetTranslation saves a translation of a submitted answer and returns it.
// A save based on another version than the current one is refused with an
// edit_conflict and changes nothing. A machine translation of an answer
// given for the Co-Chairs only is refused: such an answer is never sent to
// a translation service, so no such draft can exist. A translation into
// the answer's own language is refused too.
func (s *Store) SetTranslation(ctx context.Context, actor string, in TranslationInput) (*Translation, error) {
	in.Text = strings.TrimSpace(in.Text)
	if err := checkTranslation(in); err != nil {
		return nil, err
	}
	var out Translation
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var cid int64
		var attribution domain.Attribution
		var language string
		err := tx.QueryRow(ctx, `SELECT r.consultation_id, rs.attribution, sa.language
			FROM submitted_answers sa
			JOIN responses rs ON rs.id = sa.response_id
			JOIN respondents r ON r.id = rs.respondent_id
			WHERE sa.response_id = $1 AND sa.question_id = $2 AND rs.status = 'submitted'
			FOR SHARE OF sa`, in.ResponseID, in.QuestionID).Scan(&cid, &attribution, &language)
		if err != nil {
			return notFound(err)
		}
		if in.Machine && attribution == domain.AttributionConfidential {
			return Errorf(KindConflict, "confidential_answer", "An answer given for the Co-Chairs only is never sent to a translation service.")
		}
		if language == in.Language {
			return &Error{Kind: KindValidation, Code: "validation_failed", Message: "The translation is not valid.",
				Fields: map[string]string{"language": "must differ from the answer's own language"}}
		}
		if err := writeTranslation(ctx, tx, actor, in, &out); err != nil {
			return err
		}
		action := "translation.set"
		if in.Machine {
			action = "translation.machine"
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: action, ConsultationID: &cid,
			Subject: fmt.Sprintf("response:%d", in.ResponseID), Details: map[string]any{"question": in.QuestionID,
				"language": in.Language, "length": utf8.RuneCountInString(in.Text), "version": out.Version}})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

func writeTranslation(ctx context.Context, tx pgx.Tx, actor string, in TranslationInput, out *Translation) error {
	var current int
	err := tx.QueryRow(ctx, `SELECT version FROM answer_translations
		WHERE response_id = $1 AND question_id = $2 AND language = $3 FOR UPDATE`,
		in.ResponseID, in.QuestionID, in.Language).Scan(&current)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("set translation: %w", err)
	}
	if current != in.Base {
		return editConflict("this translation", current)
	}
	*out = Translation{Language: in.Language, Text: in.Text, Machine: in.Machine}
	err = tx.QueryRow(ctx, `INSERT INTO answer_translations (response_id, question_id, language, text, machine, updated_by)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (response_id, question_id, language) DO UPDATE SET text = $4, machine = $5, updated_by = $6,
			updated_at = now(), version = answer_translations.version + 1
		RETURNING version, updated_at`, in.ResponseID, in.QuestionID, in.Language, in.Text, in.Machine, reviewerID(actor)).
		Scan(&out.Version, &out.UpdatedAt)
	if err != nil {
		if isUniqueViolation(err, "answer_translations_pkey") {
			return editConflict("this translation", 1) // a first save landed meanwhile
		}
		return fmt.Errorf("set translation: %w", err)
	}
	return nil
}

func checkTranslation(in TranslationInput) error {
	fields := map[string]string{}
	if !lang.IsSupported(in.Language) {
		fields["language"] = "must be one of " + strings.Join(lang.Supported, ", ")
	}
	if n := utf8.RuneCountInString(in.Text); n == 0 || n > maxTranslation || !utf8.ValidString(in.Text) || strings.ContainsRune(in.Text, 0) {
		fields["text"] = fmt.Sprintf("must be text of 1 to %d characters", maxTranslation)
	}
	if len(fields) > 0 {
		return &Error{Kind: KindValidation, Code: "validation_failed", Message: "The translation is not valid.", Fields: fields}
	}
	return nil
}

// exportTranslations returns the translations of a question's answers, by
// response, that an export shows: in the public variant only those a
// person wrote or approved. Translations are written by hand, one answer at
// a time, so there are few of them beside the answers they translate.
func exportTranslations(ctx context.Context, tx pgx.Tx, questionID int64, public bool) (map[int64][]Translation, error) {
	rows, err := tx.Query(ctx, `SELECT response_id, language, text, machine FROM answer_translations
		WHERE question_id = $1 AND NOT ($2 AND machine) ORDER BY response_id, language`, questionID, public)
	if err != nil {
		return nil, fmt.Errorf("export translations: %w", err)
	}
	return translationsByKey(rows, "export translations")
}

// quoteTranslations returns the translations of the whole answers quoted
// for a question, by quote: keyed by the quote, so that a public read
// tells nothing of whose answer it is. In the public variant only those a
// person wrote or approved.
func quoteTranslations(ctx context.Context, tx pgx.Tx, questionID int64, public bool) (map[int64][]Translation, error) {
	rows, err := tx.Query(ctx, `SELECT q.id, t.language, t.text, t.machine
		FROM quotes q
		JOIN answer_translations t ON t.response_id = q.response_id AND t.question_id = q.question_id
		WHERE q.question_id = $1 AND q.passage IS NULL AND NOT ($2 AND t.machine)
		ORDER BY q.id, t.language`, questionID, public)
	if err != nil {
		return nil, fmt.Errorf("quote translations: %w", err)
	}
	return translationsByKey(rows, "quote translations")
}

// translationsByKey collects rows of (key, language, text, machine) into
// the translations of each key.
func translationsByKey(rows pgx.Rows, what string) (map[int64][]Translation, error) {
	out := map[int64][]Translation{}
	var id int64
	var t Translation
	_, err := pgx.ForEachRow(rows, []any{&id, &t.Language, &t.Text, &t.Machine}, func() error {
		out[id] = append(out[id], t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}
