package store

// The public variant's promise is stated here, once, for the SQL that every
// public output reads (ExportSQL, QuotesSQL and the summary's answerCountsSQL
// and themeCountsSQL): nothing a public export, report or summary shows can
// leave the database unless these clauses let it. Each statement writes
// them out in full, so that it reads in one piece beside its method;
// TestPublicStatementsKeepTheRule fails when one of them drifts from the
// text here.

// inVariantSQL keeps the answers a variant may hold: submitted ones, not
// withdrawn by their respondent nor left behind when their registration
// was merged into another (excluded_at), and in the public variant
// (@public) none given for the Co-Chairs only. It reads rs, the answer's
// response.
const inVariantSQL = `rs.status = 'submitted' AND rs.excluded_at IS NULL AND NOT (@public AND rs.attribution = 'confidential')`

// shownSQL joins, as "shown", what a variant may tell of the respondent
// behind an answer (rs, the response; r, its respondent; c, their
// country). In the internal variant and for named answers, everything;
// for an anonymous answer in the public variant, nothing at all: every
// column is NULL, the response's id and time of submission included.
// There is one State Party per country, so a country, a region, a kind of
// respondent or any key that ties answers to one respondent would point to
// who answered; all that is left of an anonymous answer is its audience.
const shownSQL = `LEFT JOIN LATERAL (SELECT rs.id AS response_id, r.name, r.kind, r.country,
		coalesce(c.name, r.country) AS country_name, coalesce(c.region, '') AS region, rs.submitted_at
		WHERE NOT @public OR rs.attribution = 'named') shown ON true`
