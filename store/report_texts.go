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
)

// ReportTexts are the Co-Chairs' own words in their report, in one
// language: the introduction before the figures and the conclusions after
// them. Texts never written have Version 0 and a nil UpdatedAt; each save
// moves Version on by one.
type ReportTexts struct {
	Language      string
	Introduction  string
	Conclusions   string
	Version       int
	UpdatedByName string // empty for the command line
	UpdatedAt     *time.Time
}

const maxReportText = 20000

// FindReportTexts returns a consultation's report texts in language l.
func (s *Store) FindReportTexts(ctx context.Context, consultationID int64, l string) (*ReportTexts, error) {
	return findReportTexts(ctx, s.pool, consultationID, l)
}

func findReportTexts(ctx context.Context, db DBTX, consultationID int64, l string) (*ReportTexts, error) {
	rt := ReportTexts{Language: l}
	err := db.QueryRow(ctx, `SELECT t.introduction, t.conclusions, t.version, t.updated_at, coalesce(r.name, '')
		FROM report_texts t LEFT JOIN reviewers r ON r.id = t.updated_by
		WHERE t.consultation_id = $1 AND t.language = $2`, consultationID, l).
		Scan(&rt.Introduction, &rt.Conclusions, &rt.Version, &rt.UpdatedAt, &rt.UpdatedByName)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("report texts: %w", err)
	}
	return &rt, nil
}

// SetReportTexts writes the introduction and conclusions of a
// consultation's report in language l, based on the version the reviewer
// saw (0 when there were none), and returns them at their new version. A
// save based on an older version is refused with an edit_conflict, and
// changes nothing; saving the texts already there changes nothing. It
// returns ErrNotFound for an unknown consultation and a validation error
// for a language vaconsult does not write or a text over 20,000
// characters.
func (s *Store) SetReportTexts(ctx context.Context, actor string, consultationID int64, base int, in ReportTexts) (*ReportTexts, error) {
	in.Introduction, in.Conclusions = strings.TrimSpace(in.Introduction), strings.TrimSpace(in.Conclusions)
	if err := checkReportTexts(in); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		cur, err := lockReportTexts(ctx, tx, consultationID, in.Language)
		switch {
		case err != nil:
			return err
		case cur.Introduction == in.Introduction && cur.Conclusions == in.Conclusions:
			return nil
		case cur.Version != base:
			return editConflict("the report's texts", cur.Version)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO report_texts (consultation_id, language, introduction, conclusions, version, updated_by)
			VALUES ($1, $2, $3, $4, $5 + 1, $6)
			ON CONFLICT (consultation_id, language) DO UPDATE SET introduction = $3, conclusions = $4, version = $5 + 1,
				updated_by = $6, updated_at = now()
				WHERE report_texts.version = $5`,
			consultationID, in.Language, in.Introduction, in.Conclusions, base, reviewerID(actor))
		if err != nil {
			return fmt.Errorf("set report texts: %w", err)
		}
		if tag.RowsAffected() == 0 { // the lock rules this out; a refusal is safer than a lost text
			return editConflict("the report's texts", base+1)
		}
		// The texts stay out of the log: the report is the record.
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "report_texts.set", ConsultationID: &consultationID,
			Details: map[string]any{"language": in.Language, "introduction": utf8.RuneCountInString(in.Introduction),
				"conclusions": utf8.RuneCountInString(in.Conclusions)}})
	})
	if err != nil {
		return nil, err
	}
	return s.FindReportTexts(ctx, consultationID, in.Language)
}

func checkReportTexts(in ReportTexts) error {
	fields := map[string]string{}
	if !lang.IsSupported(in.Language) {
		fields["language"] = "must be one of " + strings.Join(lang.Supported, ", ")
	}
	for name, text := range map[string]string{"introduction": in.Introduction, "conclusions": in.Conclusions} {
		if utf8.RuneCountInString(text) > maxReportText || !utf8.ValidString(text) || strings.ContainsRune(text, 0) {
			fields[name] = fmt.Sprintf("must be text of at most %d characters", maxReportText)
		}
	}
	if len(fields) > 0 {
		return &Error{Kind: KindValidation, Code: "validation_failed", Message: "The report's texts are not valid.", Fields: fields}
	}
	return nil
}

// lockReportTexts takes the lock of the consultation's report texts, so
// that two saves (the first two included, which have no row to lock) take
// turns, and reads the texts. An advisory lock: the consultation's own row
// stays free for the respondents' saves.
func lockReportTexts(ctx context.Context, tx pgx.Tx, consultationID int64, l string) (*ReportTexts, error) {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM consultations, pg_advisory_xact_lock(hashtext('vaconsult.report_texts'), ($1::bigint % 2147483647)::int)
		WHERE id = $1::bigint`, consultationID).Scan(&id)
	if err != nil {
		return nil, notFound(err)
	}
	return findReportTexts(ctx, tx, consultationID, l)
}
