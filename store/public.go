package store

// The public variant's promise is kept here, once, in the SQL that every
// public output reads (ExportSQL and the summary's counts): nothing a
// public export, report or summary shows can leave the database unless
// these fragments let it.

// inVariantSQL keeps the answers a variant may hold: submitted ones, not
// withdrawn nor left behind by a merge (see countedSQL), and in the public
// variant (@public) none given for the Co-Chairs only. It reads rs, the
// answer's response.
const inVariantSQL = `rs.status = 'submitted' AND ` + countedSQL + ` AND NOT (@public AND rs.attribution = 'confidential')`

// countedSQL keeps the responses that count: not withdrawn by their
// respondent, nor left behind when their registration was merged into
// another. It reads rs, the response.
const countedSQL = `rs.excluded_at IS NULL`

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
