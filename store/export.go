package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// ExportRequest says what to export: a consultation, in which variant and
// format (the format only for the audit log).
type ExportRequest struct {
	Consultation string // slug
	Public       bool   // honour attribution; leave out the answers for the Co-Chairs only
	Format       string
}

// Export is one consistent view of a consultation for an export: the summary
// and, through Rows, every submitted answer. It is valid only during the
// callback of Store.Export.
type Export struct {
	Consultation *Consultation
	Public       bool
	GeneratedAt  time.Time
	Summary      *Summary
	tx           pgx.Tx
}

// ExportRow is one submitted answer in an export, with the respondent's name
// as the variant allows.
type ExportRow struct {
	ResponseID     int64
	Audience       string
	Respondent     string // "" when the public variant must not name the respondent
	Attribution    string
	Kind           string
	Country        string // ISO 3166-1 alpha-2
	CountryName    string
	Region         string
	Language       string
	QuestionID     int64
	QuestionNumber int
	QuestionText   string // in English
	Choice         string // the value; see ChoiceLabel
	ChoiceLabel    string // in English
	Text           string
	Themes         []string
	SubmittedAt    time.Time
}

// exportBatch is how many answers each query of Rows reads. Large enough
// that the round trips cost little, small enough that a batch never weighs
// much in memory (at most 10,000 characters an answer).
const exportBatch = 2000

// ExportSQL is the query behind every export, one question at a time. Its
// parameters: @question, @after (the last response id read), @public and
// @limit. The public variant's rules are applied here, so that nothing it
// must leave out ever leaves the database: confidential answers are not
// read, and a respondent's name is read only when they agreed to be named.
const ExportSQL = `SELECT sa.response_id, r.audience,
		CASE WHEN @public AND rs.attribution <> 'named' THEN '' ELSE r.name END,
		rs.attribution, r.kind, r.country, coalesce(c.name, r.country), coalesce(c.region, ''), sa.language,
		q.number, q.text->>'en', coalesce(sa.choice, ''), sa.text,
		coalesce((SELECT array_agg(t.name ORDER BY lower(t.name)) FROM answer_themes at
			JOIN themes t ON t.id = at.theme_id
			WHERE at.response_id = sa.response_id AND at.question_id = sa.question_id), '{}'),
		rs.submitted_at
	FROM submitted_answers sa
	JOIN questions q ON q.id = sa.question_id
	JOIN responses rs ON rs.id = sa.response_id
	JOIN respondents r ON r.id = rs.respondent_id
	LEFT JOIN countries c ON c.iso2 = r.country
	WHERE sa.question_id = @question AND sa.response_id > @after AND rs.status = 'submitted'
		-- Said twice so that the join to responses starts at the batch too.
		AND rs.id > @after
		AND NOT (@public AND rs.attribution = 'confidential')
	ORDER BY sa.response_id
	LIMIT @limit`

// Export writes an entry in the audit log, then calls fn with a consistent,
// read-only view of the consultation to export. The entry is committed
// before any data is read, so that even an export that fails half-way is on
// record. It returns ErrNotFound for an unknown consultation and fn's error.
func (s *Store) Export(ctx context.Context, actor string, req ExportRequest, fn func(*Export) error) error {
	if err := s.auditExport(ctx, actor, req); err != nil {
		return err
	}
	return s.readOnly(ctx, func(tx pgx.Tx) error {
		c, err := findConsultationBySlug(ctx, tx, req.Consultation)
		if err != nil {
			return err
		}
		sum, err := summarise(ctx, tx, c, req.Public)
		if err != nil {
			return err
		}
		return fn(&Export{Consultation: c, Public: req.Public, GeneratedAt: s.now(), Summary: sum, tx: tx})
	})
}

func (s *Store) auditExport(ctx context.Context, actor string, req ExportRequest) error {
	var id int64
	if err := s.pool.QueryRow(ctx, `SELECT id FROM consultations WHERE slug = $1`, req.Consultation).Scan(&id); err != nil {
		return notFound(err)
	}
	variant := "internal"
	if req.Public {
		variant = "public"
	}
	return insertAudit(ctx, s.pool, Audit{Actor: actor, Action: "consultation.export", ConsultationID: &id,
		Subject: req.Consultation, Details: map[string]any{"format": req.Format, "variant": variant}})
}

// Rows calls fn with every exported answer, question by question in the
// order of the summary, and by response within a question. The row passed
// to fn is reused: fn must copy what it keeps. Rows are read in keyset
// batches, so memory stays flat however many answers there are.
func (e *Export) Rows(ctx context.Context, fn func(*ExportRow) error) error {
	var row ExportRow
	for _, qs := range e.Summary.Questions {
		labels := map[string]string{}
		for _, c := range qs.Question.Choices {
			labels[c.Value] = c.Label.In("en")
		}
		row.QuestionID = qs.Question.ID
		if err := e.questionRows(ctx, &row, labels, fn); err != nil {
			return err
		}
	}
	return nil
}

func (e *Export) questionRows(ctx context.Context, row *ExportRow, labels map[string]string, fn func(*ExportRow) error) error {
	var after int64
	for {
		n := 0
		rows, err := e.tx.Query(ctx, ExportSQL, pgx.NamedArgs{"question": row.QuestionID, "after": after,
			"public": e.Public, "limit": exportBatch})
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		_, err = pgx.ForEachRow(rows, []any{&row.ResponseID, &row.Audience, &row.Respondent, &row.Attribution,
			&row.Kind, &row.Country, &row.CountryName, &row.Region, &row.Language, &row.QuestionNumber,
			&row.QuestionText, &row.Choice, &row.Text, &row.Themes, &row.SubmittedAt}, func() error {
			n++
			after = row.ResponseID
			row.ChoiceLabel = labels[row.Choice]
			return fn(row)
		})
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if n < exportBatch {
			return nil
		}
	}
}

// ExportCopySQL returns, for one question, the export query without its
// batches, with its parameters written in: what PostgreSQL's COPY runs when
// an export is measured beside it.
func ExportCopySQL(questionID int64, public bool) string {
	r := strings.NewReplacer("@question", fmt.Sprint(questionID), "@after", "0",
		"@public", fmt.Sprint(public), "LIMIT @limit", "")
	return r.Replace(ExportSQL)
}
