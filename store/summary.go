package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Summary is a consultation in figures: response rates, and per question the
// answers counted by kind of respondent, region and language, the choices
// and the themes.
type Summary struct {
	Consultation *Consultation
	Public       bool // confidential answers are left out of every count but the response rates
	Rates        []ResponseRate
	Questions    []QuestionSummary
	Themes       []ThemeSummary // every theme of the consultation, by name
}

// ResponseRate counts the respondents of one audience, of one kind, in one
// region: invited or registered, started (saved at least once) and
// submitted. Each kind is counted apart, so that the rate of the States
// Parties counts States Parties only, not the observer States or
// organisations answering their questions. Rates count every respondent
// in both variants: a count reveals no answer; withdrawn responses count
// as invited only, and registrations merged into another not at all. The
// public variant counts by audience only: were an anonymous State the only
// one of its region (or an anonymous observer State the only one of its
// kind) to answer, a count by region or kind would tell where its answers
// come from.
type ResponseRate struct {
	Audience  domain.Audience
	Kind      domain.RespondentKind // "" for every rate of the public variant
	Region    string                // "" for countries outside the reference list, and for every rate of the public variant
	Invited   int
	Started   int
	Submitted int
}

// QuestionSummary is one question in figures. In the public variant,
// anonymous answers count under the kind "" and the region "": their kind
// and region are withheld, as everything else that points to who gave
// them.
type QuestionSummary struct {
	Question   Question
	Audience   domain.Audience
	Answers    int
	ByKind     []Count
	ByRegion   []Count
	ByLanguage []Count
	Choices    []ChoiceCount
	Themes     []Theme // the consultation's themes on this question's answers in the variant, most used first
	KeyPoints  string
}

// Count is a number of answers for one value of a dimension.
type Count struct {
	Key   string
	Count int
}

// Summary returns the figures of a consultation with every submitted answer
// counted, as reviewers see them. It returns ErrNotFound for an unknown
// consultation.
func (s *Store) Summary(ctx context.Context, slug string) (*Summary, error) {
	var sum *Summary
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		c, err := findConsultationBySlug(ctx, tx, slug)
		if err != nil {
			return err
		}
		sum, err = summarise(ctx, tx, c, false)
		return err
	})
	return sum, err
}

// PublicSummary returns the figures of a consultation as public outputs
// show them: confidential answers left out of every count, and anonymous
// ones counted without their kind or region. It returns ErrNotFound for an
// unknown consultation.
func (s *Store) PublicSummary(ctx context.Context, slug string) (*Summary, error) {
	var sum *Summary
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		c, err := findConsultationBySlug(ctx, tx, slug)
		if err != nil {
			return err
		}
		sum, err = summarise(ctx, tx, c, true)
		return err
	})
	return sum, err
}

// questionOrder returns the consultation's questions in the order reports
// show them: by audience, then number.
func questionOrder(c *Consultation) []QuestionSummary {
	var out []QuestionSummary
	for _, qs := range c.QuestionSets {
		for _, q := range qs.Questions {
			out = append(out, QuestionSummary{Question: q, Audience: qs.Audience})
		}
	}
	return out
}

// summarise computes the summary in SQL, in one round trip, from the counts
// kept as answers change (see summary_counts.go). When public is set,
// answers given for the Co-Chairs only are not counted, and anonymous ones
// are counted without what points to who gave them (see public.go).
func summarise(ctx context.Context, db DBTX, c *Consultation, public bool) (*Summary, error) {
	return summariseWith(ctx, db, c, public, countedQueries)
}

// summariseWith computes the summary with the statements of q.
func summariseWith(ctx context.Context, db DBTX, c *Consultation, public bool, q summaryQueries) (*Summary, error) {
	sum := &Summary{Consultation: c, Public: public, Questions: questionOrder(c)}
	index := map[int64]*QuestionSummary{}
	ids := make([]int64, len(sum.Questions))
	for i := range sum.Questions {
		ids[i] = sum.Questions[i].Question.ID
		index[ids[i]] = &sum.Questions[i]
	}
	choices := map[int64]map[string]int{}
	b := &pgx.Batch{}
	queueRates(b, q.rates, c.ID, public, sum)
	queueAnswerCounts(b, q.answers, ids, public, index, choices)
	queueThemeCounts(b, q.themes, ids, public, index)
	queueThemeBreakdown(b, q.breakdown, c.ID, public, sum)
	b.Queue(`SELECT question_id, text FROM key_points WHERE question_id = ANY($1)`, ids).Query(func(rows pgx.Rows) error {
		var id int64
		var text string
		_, err := pgx.ForEachRow(rows, []any{&id, &text}, func() error {
			index[id].KeyPoints = text
			return nil
		})
		return err
	})
	if err := sendBatch(ctx, db, b); err != nil {
		return nil, fmt.Errorf("summary: %w", err)
	}
	for i := range sum.Questions {
		q := &sum.Questions[i]
		q.Choices = choiceCounts(&q.Question, choices[q.Question.ID])
	}
	return sum, nil
}

// sendBatch runs a batch on a pool or a transaction.
func sendBatch(ctx context.Context, db DBTX, b *pgx.Batch) error {
	sb, ok := db.(interface {
		SendBatch(context.Context, *pgx.Batch) pgx.BatchResults
	})
	if !ok {
		return fmt.Errorf("%T cannot send a batch", db)
	}
	return sb.SendBatch(ctx, b).Close()
}

// fullRatesSQL counts the respondents of the consultation @consultation
// for the response rates, every one of them.
const fullRatesSQL = `SELECT r.audience, CASE WHEN @public THEN '' ELSE r.kind END,
			CASE WHEN @public THEN '' ELSE coalesce(c.region, '') END, count(*),
			count(*) FILTER (WHERE rs.excluded_at IS NULL AND (rs.version > 0 OR rs.status = 'submitted')),
			count(*) FILTER (WHERE rs.excluded_at IS NULL AND rs.status = 'submitted')
		FROM respondents r
		LEFT JOIN responses rs ON rs.respondent_id = r.id
		LEFT JOIN countries c ON c.iso2 = r.country
		WHERE r.consultation_id = @consultation AND r.merged_into IS NULL
		GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`

func queueRates(b *pgx.Batch, sql string, consultationID int64, public bool, sum *Summary) {
	b.Queue(sql, pgx.NamedArgs{"consultation": consultationID, "public": public}).Query(func(rows pgx.Rows) error {
		var err error
		sum.Rates, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (ResponseRate, error) {
			var rr ResponseRate
			err := r.Scan(&rr.Audience, &rr.Kind, &rr.Region, &rr.Invited, &rr.Started, &rr.Submitted)
			return rr, err
		})
		return err
	})
}

// fullAnswerCountsSQL counts, for queueAnswerCounts, the answers to the
// questions @questions in the variant @public. The inner query counts the
// answers once per combination of kind, region, language and choice, a
// few hundred rows at any size; the grouping sets then add those up by
// each dimension, instead of keeping five hash tables over every answer.
const fullAnswerCountsSQL = `SELECT question_id,
		CASE WHEN GROUPING(kind) = 0 THEN 'kind'
			WHEN GROUPING(region) = 0 THEN 'region'
			WHEN GROUPING(language) = 0 THEN 'language'
			WHEN GROUPING(choice) = 0 THEN 'choice'
			ELSE 'total' END,
		coalesce(kind, region, language, choice, ''), sum(n)::bigint
	FROM (SELECT sa.question_id, shown.kind, shown.region, sa.language, sa.choice, count(*) AS n
		FROM submitted_answers sa
		JOIN responses rs ON rs.id = sa.response_id
		JOIN respondents r ON r.id = rs.respondent_id
		LEFT JOIN countries c ON c.iso2 = r.country
		LEFT JOIN LATERAL (SELECT rs.id AS response_id, r.name, r.kind, r.country,
			coalesce(c.name, r.country) AS country_name, coalesce(c.region, '') AS region, rs.submitted_at
			WHERE NOT @public OR rs.attribution = 'named') shown ON true
		WHERE sa.question_id = ANY(@questions) AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND NOT (@public AND rs.attribution = 'confidential')
		GROUP BY 1, 2, 3, 4, 5) counted
	GROUP BY GROUPING SETS ((question_id), (question_id, kind), (question_id, region),
		(question_id, language), (question_id, choice))
	ORDER BY 1, 2, 4 DESC, 3`

func queueAnswerCounts(b *pgx.Batch, sql string, ids []int64, public bool, index map[int64]*QuestionSummary, choices map[int64]map[string]int) {
	b.Queue(sql, pgx.NamedArgs{"questions": ids, "public": public}).Query(func(rows pgx.Rows) error {
		var id int64
		var dim, key string
		var n int
		_, err := pgx.ForEachRow(rows, []any{&id, &dim, &key, &n}, func() error {
			q := index[id]
			switch dim {
			case "total":
				q.Answers = n
			case "kind":
				q.ByKind = append(q.ByKind, Count{key, n})
			case "region":
				q.ByRegion = append(q.ByRegion, Count{key, n})
			case "language":
				q.ByLanguage = append(q.ByLanguage, Count{key, n})
			case "choice":
				if choices[id] == nil {
					choices[id] = map[string]int{}
				}
				choices[id][key] = n
			}
			return nil
		})
		return err
	})
}

// fullThemeCountsSQL counts, for queueThemeCounts, the answers to each of the
// questions @questions tagged with each theme, in the variant @public. A
// question lists the themes on its answers in that variant only.
const fullThemeCountsSQL = `SELECT t.id, at.question_id, t.name, t.created_at, count(rs.id)
	FROM themes t
	JOIN answer_themes at ON at.theme_id = t.id
	LEFT JOIN responses rs ON rs.id = at.response_id AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND NOT (@public AND rs.attribution = 'confidential')
	WHERE at.question_id = ANY(@questions)
	GROUP BY t.id, at.question_id HAVING count(rs.id) > 0
	ORDER BY count(rs.id) DESC, lower(t.name), t.id, at.question_id`

func queueThemeCounts(b *pgx.Batch, sql string, ids []int64, public bool, index map[int64]*QuestionSummary) {
	b.Queue(sql, pgx.NamedArgs{"questions": ids, "public": public}).Query(func(rows pgx.Rows) error {
		var t Theme
		var question int64
		_, err := pgx.ForEachRow(rows, []any{&t.ID, &question, &t.Name, &t.CreatedAt, &t.Count}, func() error {
			q := index[question]
			q.Themes = append(q.Themes, t)
			return nil
		})
		return err
	})
}
