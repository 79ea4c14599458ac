package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// ExportRequest says what to export: a consultation, in which variant,
// format and language (the format only for the audit log).
type ExportRequest struct {
	Consultation string // slug
	Public       bool   // honour attribution; leave out the answers for the Co-Chairs only
	Format       string
	Language     string // of the question texts and choice labels; English when empty
}

// Export is one consistent view of a consultation for an export: the summary
// and, through Rows, every submitted answer. It is valid only during the
// callback of Store.Export.
type Export struct {
	Consultation *Consultation
	Public       bool
	Language     string
	GeneratedAt  time.Time
	Summary      *Summary
	Texts        *ReportTexts // the Co-Chairs' introduction and conclusions, in Language
	tx           pgx.Tx
}

// ExportRow is one submitted answer in an export, with what the variant
// may tell of who gave it. In the public variant, an anonymous answer
// carries its audience and nothing else of its respondent: the fields
// marked "withheld" are then empty (see Withheld).
type ExportRow struct {
	ResponseID     int64 // withheld: 0
	Audience       domain.Audience
	Respondent     string // withheld, and "" for a confidential answer in the public variant (never exported)
	Attribution    domain.Attribution
	Kind           domain.RespondentKind // withheld
	Country        string                // ISO 3166-1 alpha-2; withheld
	CountryName    string                // withheld
	Region         string                // withheld; "" also for a country outside the reference list
	Language       string
	QuestionID     int64
	QuestionNumber int
	QuestionText   string // in the export's language, else English
	Choice         string // the value; see ChoiceLabel
	ChoiceLabel    string // in the export's language, else English
	Text           string
	Themes         []string
	// Translations of the answer, by language: in the public variant only
	// those a person wrote or approved.
	Translations []Translation
	SubmittedAt  time.Time // withheld: the zero time
	key          int64     // the response, for paging only
}

// Withheld reports whether the variant withholds who gave the answer.
func (r *ExportRow) Withheld() bool { return r.ResponseID == 0 }

// exportBatch is how many answers each query of Rows reads. Large enough
// that the round trips cost little, small enough that a batch never weighs
// much in memory (at most 10,000 characters an answer).
const exportBatch = 2000

// ExportSQL is the query behind every export, one question at a time. Its
// parameters: @question, @after (the last response read), @public and
// @limit. The public variant's rules (see public.go) are applied here, so
// that nothing it must leave out ever leaves the
// database: confidential answers are not read, and of an anonymous answer
// nothing is read that points to who gave it. The first column is the
// response, for paging only: it is never written out.
const ExportSQL = `SELECT sa.response_id, coalesce(shown.response_id, 0), r.audience, coalesce(shown.name, ''),
		rs.attribution, coalesce(shown.kind, ''), coalesce(shown.country, ''), coalesce(shown.country_name, ''),
		coalesce(shown.region, ''), sa.language, coalesce(sa.choice, ''), sa.text,
		coalesce((SELECT array_agg(t.name ORDER BY lower(t.name)) FROM answer_themes at
			JOIN themes t ON t.id = at.theme_id
			WHERE at.response_id = sa.response_id AND at.question_id = sa.question_id), '{}'),
		shown.submitted_at
	FROM submitted_answers sa
	JOIN responses rs ON rs.id = sa.response_id
	JOIN respondents r ON r.id = rs.respondent_id
	LEFT JOIN countries c ON c.iso2 = r.country
	LEFT JOIN LATERAL (SELECT rs.id AS response_id, r.name, r.kind, r.country,
		coalesce(c.name, r.country) AS country_name, coalesce(c.region, '') AS region, rs.submitted_at
		WHERE NOT @public OR rs.attribution = 'named') shown ON true
	WHERE sa.question_id = @question AND sa.response_id > @after
		-- Said twice so that the join to responses starts at the batch too.
		AND rs.id > @after
		AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND NOT (@public AND rs.attribution = 'confidential')
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
	return s.exportReadOnly(ctx, func(tx pgx.Tx) error {
		c, err := findConsultationBySlug(ctx, tx, req.Consultation)
		if err != nil {
			return err
		}
		sum, err := summarise(ctx, tx, c, req.Public)
		if err != nil {
			return err
		}
		l := req.Language
		if l == "" {
			l = "en"
		}
		texts, err := findReportTexts(ctx, tx, c.ID, l)
		if err != nil {
			return err
		}
		return fn(&Export{Consultation: c, Public: req.Public, Language: l, GeneratedAt: s.now(), Summary: sum, Texts: texts, tx: tx})
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
	details := map[string]any{"format": req.Format, "variant": variant}
	if req.Language != "" {
		details["language"] = req.Language
	}
	return insertAudit(ctx, s.pool, Audit{Actor: actor, Action: "consultation.export", ConsultationID: &id,
		Subject: req.Consultation, Details: details})
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
			labels[c.Value] = c.Label.In(e.Language)
		}
		row.QuestionID = qs.Question.ID
		row.QuestionNumber = qs.Question.Number
		row.QuestionText = qs.Question.Text.In(e.Language)
		if err := e.questionRows(ctx, &row, labels, fn); err != nil {
			return err
		}
	}
	return nil
}

func (e *Export) questionRows(ctx context.Context, row *ExportRow, labels map[string]string, fn func(*ExportRow) error) error {
	translations, err := exportTranslations(ctx, e.tx, row.QuestionID, e.Public)
	if err != nil {
		return err
	}
	var after int64
	for {
		n := 0
		rows, err := e.tx.Query(ctx, ExportSQL, pgx.NamedArgs{"question": row.QuestionID, "after": after,
			"public": e.Public, "limit": exportBatch})
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		var submitted *time.Time
		_, err = pgx.ForEachRow(rows, []any{&row.key, &row.ResponseID, &row.Audience, &row.Respondent, &row.Attribution,
			&row.Kind, &row.Country, &row.CountryName, &row.Region, &row.Language,
			&row.Choice, &row.Text, &row.Themes, &submitted}, func() error {
			n++
			after = row.key
			row.ChoiceLabel = labels[row.Choice]
			row.Translations = translations[row.key]
			row.SubmittedAt = time.Time{}
			if submitted != nil {
				row.SubmittedAt = *submitted
			}
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
// an export is measured beside it. It is a benchmark's helper, the one
// place that rewrites a statement at run time; nothing the server runs is
// built this way.
func ExportCopySQL(questionID int64, public bool) string {
	r := strings.NewReplacer("@question", fmt.Sprint(questionID), "@after", "0",
		"@public", fmt.Sprint(public), "LIMIT @limit", "")
	return r.Replace(ExportSQL)
}
