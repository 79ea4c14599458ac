package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// ThemeSummary is one theme of a consultation in figures: the answers
// tagged with it, to any question, counted by audience, by question and by
// region, so that what States said sits beside what survivors said. In
// the public variant, confidential answers are not counted and anonymous
// ones count under the region "": their audience is all that is told.
type ThemeSummary struct {
	Theme      Theme // Count is every tagged answer the variant holds
	ByAudience []AudienceCount
	ByQuestion []ThemeQuestionCount
	ByRegion   []Count
}

// AudienceCount is a number of answers of one audience.
type AudienceCount struct {
	Audience domain.Audience
	Count    int
}

// ThemeQuestionCount is the number of answers to one question tagged with a
// theme.
type ThemeQuestionCount struct {
	QuestionID int64
	Audience   domain.Audience
	Number     int
	Count      int
}

// Of returns the count of one audience, 0 when it has none.
func (t ThemeSummary) Of(audience domain.Audience) int {
	for _, a := range t.ByAudience {
		if a.Audience == audience {
			return a.Count
		}
	}
	return 0
}

// on reports whether the theme is on an answer to the question.
func (t *ThemeSummary) on(questionID int64) bool {
	for _, q := range t.ByQuestion {
		if q.QuestionID == questionID {
			return true
		}
	}
	return false
}

// States returns the count of the States Parties' answers, for pages.
func (t ThemeSummary) States() int { return t.Of(domain.AudienceStatesParties) }

// Survivors returns the count of the survivors' answers, for pages.
func (t ThemeSummary) Survivors() int { return t.Of(domain.AudienceSurvivors) }

// FindThemeSummaries returns every theme of a consultation by name, with
// the submitted answers tagged with it counted by audience, question and
// region, as reviewers see them. A consultation without themes, or an
// unknown one, gives none.
func (s *Store) FindThemeSummaries(ctx context.Context, consultationID int64) ([]ThemeSummary, error) {
	sum := &Summary{}
	b := &pgx.Batch{}
	queueThemeBreakdown(b, countedQueries.breakdown, consultationID, false, sum)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("theme summaries: %w", err)
	}
	return sum.Themes, nil
}

// fullThemeBreakdownSQL counts, for queueThemeBreakdown, the answers tagged
// with each theme of the consultation @consultation, by audience, question
// and region, in the variant @public. A theme on no answer of the variant
// gives one row with an empty audience and a count of 0.
const fullThemeBreakdownSQL = `SELECT t.id, t.name, t.version, t.created_at, coalesce(qs.audience, ''), coalesce(q.id, 0),
		coalesce(q.number, 0), coalesce(shown.region, ''), count(rs.id)
	FROM themes t
	LEFT JOIN (answer_themes at
		JOIN questions q ON q.id = at.question_id
		JOIN question_sets qs ON qs.id = q.question_set_id
		JOIN responses rs ON rs.id = at.response_id AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND NOT (@public AND rs.attribution = 'confidential')
		JOIN respondents r ON r.id = rs.respondent_id
		LEFT JOIN countries c ON c.iso2 = r.country
		LEFT JOIN LATERAL (SELECT rs.id AS response_id, r.name, r.kind, r.country,
			coalesce(c.name, r.country) AS country_name, coalesce(c.region, '') AS region, rs.submitted_at
			WHERE NOT @public OR rs.attribution = 'named') shown ON true) ON at.theme_id = t.id
	WHERE t.consultation_id = @consultation
	GROUP BY t.id, qs.audience, q.id, q.number, shown.region
	ORDER BY lower(t.name), t.id, 5, 7, 8`

func queueThemeBreakdown(b *pgx.Batch, sql string, consultationID int64, public bool, sum *Summary) {
	b.Queue(sql, pgx.NamedArgs{"consultation": consultationID, "public": public}).Query(func(rows pgx.Rows) error {
		var t Theme
		var audience domain.Audience
		var question int64
		var number, n int
		var region string
		_, err := pgx.ForEachRow(rows, []any{&t.ID, &t.Name, &t.Version, &t.CreatedAt, &audience, &question, &number, &region, &n},
			func() error {
				if len(sum.Themes) == 0 || sum.Themes[len(sum.Themes)-1].Theme.ID != t.ID {
					t.ConsultationID, t.Count = consultationID, 0
					sum.Themes = append(sum.Themes, ThemeSummary{Theme: t})
				}
				if n > 0 {
					sum.Themes[len(sum.Themes)-1].add(audience, question, number, region, n)
				}
				return nil
			})
		return err
	})
}

// add counts n answers of an audience, to a question, from a region.
func (t *ThemeSummary) add(audience domain.Audience, question int64, number int, region string, n int) {
	t.Theme.Count += n
	if i := len(t.ByAudience) - 1; i >= 0 && t.ByAudience[i].Audience == audience {
		t.ByAudience[i].Count += n
	} else {
		t.ByAudience = append(t.ByAudience, AudienceCount{audience, n})
	}
	if i := len(t.ByQuestion) - 1; i >= 0 && t.ByQuestion[i].QuestionID == question {
		t.ByQuestion[i].Count += n
	} else {
		t.ByQuestion = append(t.ByQuestion, ThemeQuestionCount{question, audience, number, n})
	}
	for i := range t.ByRegion {
		if t.ByRegion[i].Key == region {
			t.ByRegion[i].Count += n
			return
		}
	}
	t.ByRegion = append(t.ByRegion, Count{region, n})
}
