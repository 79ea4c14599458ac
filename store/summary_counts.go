package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The summary reads counts kept as the data changes (migration 0025)
// rather than recounting every submitted answer: at a million responses
// the recount joins three million answers to their responses and
// respondents and takes seconds, the counts are a few thousand rows.
// Triggers add signed rows to answer_counts, theme_counts and rate_counts
// in the transaction of every change (submission, withdrawal, merge,
// removal, change of attribution, tagging), without updating any row, so
// submissions never wait on one another; FoldCounts adds the rows of each
// key up from time to time. Readers add up n by key, so the figures are
// exact whether or not the rows were folded.
//
// The statements below read the counts through stand-ins for the response
// (rs) and the respondent (r), so that the public variant's clauses of
// public.go apply to them word for word.

// summaryQueries are the statements the summary is computed with.
type summaryQueries struct {
	rates, answers, themes, breakdown string
}

// countedQueries read the kept counts; fullQueries recount every answer,
// which is what the counts must always equal.
var (
	countedQueries = summaryQueries{rates: ratesSQL, answers: answerCountsSQL, themes: themeCountsSQL, breakdown: themeBreakdownSQL}
	fullQueries    = summaryQueries{rates: fullRatesSQL, answers: fullAnswerCountsSQL, themes: fullThemeCountsSQL,
		breakdown: fullThemeBreakdownSQL}
)

// ratesSQL is fullRatesSQL from rate_counts.
const ratesSQL = `SELECT rc.audience, CASE WHEN @public THEN '' ELSE rc.kind END,
		CASE WHEN @public THEN '' ELSE coalesce(c.region, '') END, sum(rc.n)::bigint,
		coalesce(sum(rc.n) FILTER (WHERE rc.progress IN ('started', 'submitted')), 0)::bigint,
		coalesce(sum(rc.n) FILTER (WHERE rc.progress = 'submitted'), 0)::bigint
	FROM rate_counts rc
	LEFT JOIN countries c ON c.iso2 = rc.country
	WHERE rc.consultation_id = @consultation
	GROUP BY 1, 2, 3 HAVING sum(rc.n) <> 0 ORDER BY 1, 2, 3`

// answerCountsSQL is fullAnswerCountsSQL from answer_counts.
const answerCountsSQL = `SELECT question_id,
		CASE WHEN GROUPING(kind) = 0 THEN 'kind'
			WHEN GROUPING(region) = 0 THEN 'region'
			WHEN GROUPING(language) = 0 THEN 'language'
			WHEN GROUPING(choice) = 0 THEN 'choice'
			ELSE 'total' END,
		coalesce(kind, region, language, choice, ''), sum(n)::bigint
	FROM (SELECT ac.question_id, shown.kind, shown.region, ac.language, ac.choice, sum(ac.n) AS n
		FROM answer_counts ac
		CROSS JOIN LATERAL (SELECT NULL::bigint AS id, 'submitted'::text AS status, NULL::timestamptz AS excluded_at,
			ac.attribution, NULL::timestamptz AS submitted_at) rs
		CROSS JOIN LATERAL (SELECT NULL::text AS name, ac.kind, ac.country) r
		LEFT JOIN countries c ON c.iso2 = r.country
		LEFT JOIN LATERAL (SELECT rs.id AS response_id, r.name, r.kind, r.country,
			coalesce(c.name, r.country) AS country_name, coalesce(c.region, '') AS region, rs.submitted_at
			WHERE NOT @public OR rs.attribution = 'named') shown ON true
		WHERE ac.question_id = ANY(@questions) AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND NOT (@public AND rs.attribution = 'confidential')
		GROUP BY 1, 2, 3, 4, 5 HAVING sum(ac.n) <> 0) counted
	GROUP BY GROUPING SETS ((question_id), (question_id, kind), (question_id, region),
		(question_id, language), (question_id, choice))
	ORDER BY 1, 2, 4 DESC, 3`

// themeCountsSQL is fullThemeCountsSQL from theme_counts.
const themeCountsSQL = `SELECT t.id, tc.question_id, t.name, t.created_at, sum(tc.n)::bigint
	FROM themes t
	JOIN theme_counts tc ON tc.theme_id = t.id
	CROSS JOIN LATERAL (SELECT 'submitted'::text AS status, NULL::timestamptz AS excluded_at, tc.attribution) rs
	WHERE tc.question_id = ANY(@questions) AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND NOT (@public AND rs.attribution = 'confidential')
	GROUP BY t.id, tc.question_id HAVING sum(tc.n) > 0
	ORDER BY sum(tc.n) DESC, lower(t.name), t.id, tc.question_id`

// themeBreakdownSQL is fullThemeBreakdownSQL from theme_counts.
const themeBreakdownSQL = `SELECT t.id, t.name, t.version, t.created_at, coalesce(qs.audience, ''), coalesce(q.id, 0),
		coalesce(q.number, 0), coalesce(shown.region, ''), coalesce(sum(tc.n), 0)::bigint
	FROM themes t
	LEFT JOIN (theme_counts tc
		JOIN questions q ON q.id = tc.question_id
		JOIN question_sets qs ON qs.id = q.question_set_id
		JOIN LATERAL (SELECT NULL::bigint AS id, 'submitted'::text AS status, NULL::timestamptz AS excluded_at,
			tc.attribution, NULL::timestamptz AS submitted_at) rs ON rs.status = 'submitted' AND rs.excluded_at IS NULL AND NOT (@public AND rs.attribution = 'confidential')
		CROSS JOIN LATERAL (SELECT NULL::text AS name, NULL::text AS kind, tc.country) r
		LEFT JOIN countries c ON c.iso2 = r.country
		LEFT JOIN LATERAL (SELECT rs.id AS response_id, r.name, r.kind, r.country,
			coalesce(c.name, r.country) AS country_name, coalesce(c.region, '') AS region, rs.submitted_at
			WHERE NOT @public OR rs.attribution = 'named') shown ON true) ON tc.theme_id = t.id
	WHERE t.consultation_id = @consultation
	GROUP BY t.id, qs.audience, q.id, q.number, shown.region
	ORDER BY lower(t.name), t.id, 5, 7, 8`

// FullSummary recounts the summary from every submitted answer, as the
// kept counts must always give it: for checks and benchmarks, which
// compare the two. It returns ErrNotFound for an unknown consultation.
func (s *Store) FullSummary(ctx context.Context, slug string, public bool) (*Summary, error) {
	var sum *Summary
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		c, err := findConsultationBySlug(ctx, tx, slug)
		if err != nil {
			return err
		}
		sum, err = summariseWith(ctx, tx, c, public, fullQueries)
		return err
	})
	return sum, err
}

// foldSQL replaces the rows of each count table by one row per key with
// their sum, leaving out keys that add up to nothing. Rows added while it
// runs are not in its snapshot and wait for the next fold; two folds at
// once delete each row once, the second skipping what the first took.
var foldSQL = []string{
	`WITH moved AS (DELETE FROM answer_counts RETURNING *)
	INSERT INTO answer_counts (question_id, kind, country, attribution, language, choice, n)
	SELECT question_id, kind, country, attribution, language, choice, sum(n) FROM moved
	GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0`,
	`WITH moved AS (DELETE FROM theme_counts RETURNING *)
	INSERT INTO theme_counts (theme_id, question_id, country, attribution, n)
	SELECT theme_id, question_id, country, attribution, sum(n) FROM moved
	GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
	`WITH moved AS (DELETE FROM rate_counts RETURNING *)
	INSERT INTO rate_counts (consultation_id, audience, kind, country, verified, progress, n)
	SELECT consultation_id, audience, kind, country, verified, progress, sum(n) FROM moved
	GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0`,
}

// FoldCounts adds up the rows the triggers appended to the count tables,
// in one transaction, so that the summary and the dashboard read one row
// per key. It changes no figure. It returns how many rows the count
// tables hold afterwards.
func (s *Store) FoldCounts(ctx context.Context) (int64, error) {
	var folded int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, q := range foldSQL {
			b.Queue(q)
		}
		b.Queue(`SELECT (SELECT count(*) FROM answer_counts) + (SELECT count(*) FROM theme_counts)
			+ (SELECT count(*) FROM rate_counts)`).QueryRow(func(row pgx.Row) error { return row.Scan(&folded) })
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return 0, fmt.Errorf("fold counts: %w", err)
	}
	return folded, nil
}
