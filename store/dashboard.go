package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/refdata/iso3166"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Dashboard is a consultation's progress as reviewers follow it: response
// rates per audience and kind of respondent, per region for the States
// Parties, and its respondents with their status, a page at a time.
// Registrations merged into another are left out; unverified
// self-registrations are listed but counted only when the filter asks for
// them. The rates come from the counts kept as respondents change
// (migration 0025), so that neither they nor the page grow with the
// number of respondents.
type Dashboard struct {
	Consultation *Consultation
	Audiences    []ResponseRate // one per kind each question set admits, Region empty
	Regions      []ResponseRate // States Parties, one per region of the reference data, then "" if any
	// Respondents are one page of the list, by audience, country name and
	// name; Next is the first respondent of the next page, 0 on the last.
	Respondents []DashboardRespondent
	Next        int64
	Listed      int // respondents in the whole list
	// Countries are the countries with at least one respondent listed.
	Countries []string
	// IncludeUnverified says whether the rates count unverified
	// self-registrations; Unverified is how many there are.
	IncludeUnverified bool
	Unverified        int
	// OutdatedCountries are the respondents whose country is not a current
	// ISO 3166-1 code (rows stored before the list was enforced, such as
	// HV for Burkina Faso), for an administrator to correct.
	OutdatedCountries []DashboardRespondent
}

// DashboardRespondent is one respondent as the dashboard lists them.
type DashboardRespondent struct {
	ID             int64
	Audience       domain.Audience
	Kind           domain.RespondentKind
	Name           string
	Country        string
	CountryName    string // the code when the country is not in the reference data
	Region         string
	Verified       bool
	SelfRegistered bool
	Status         domain.Progress // invited, started, submitted or withdrawn
	SubmittedAt    *time.Time
}

// DashboardPageSize is how many respondents a page of the dashboard lists.
const DashboardPageSize = 200

// DashboardFilter says which dashboard to read.
type DashboardFilter struct {
	Consultation      string // slug
	IncludeUnverified bool   // count unverified self-registrations too
	// From is the first respondent of the page; 0, or one not listed,
	// starts the list.
	From     int64
	PageSize int // DashboardPageSize when 0
}

// Dashboard returns the dashboard of a consultation, its rates counting
// verified respondents only, or ErrNotFound.
func (s *Store) Dashboard(ctx context.Context, slug string) (*Dashboard, error) {
	return s.FindDashboard(ctx, DashboardFilter{Consultation: slug})
}

// FindDashboard returns the dashboard f asks for, or ErrNotFound. The
// counts and the list come from one snapshot, so that they agree.
func (s *Store) FindDashboard(ctx context.Context, f DashboardFilter) (*Dashboard, error) {
	d := Dashboard{IncludeUnverified: f.IncludeUnverified}
	if f.PageSize <= 0 {
		f.PageSize = DashboardPageSize
	}
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		c, err := findConsultationBySlug(ctx, tx, f.Consultation)
		if err != nil {
			return err
		}
		d.Consultation = c
		for _, qs := range c.QuestionSets {
			for _, k := range qs.Kinds {
				d.Audiences = append(d.Audiences, ResponseRate{Audience: qs.Audience, Kind: k})
			}
		}
		if err := dashboardRegions(ctx, tx, &d); err != nil {
			return err
		}
		groups, err := dashboardRates(ctx, tx, &d)
		if err != nil {
			return err
		}
		if err := dashboardOutdated(ctx, tx, &d); err != nil {
			return err
		}
		return dashboardPage(ctx, tx, &d, groups, f)
	})
	if err != nil {
		return nil, err
	}
	return &d, nil
}

// dashboardRegions lists every region of the reference data, so that a
// region where no State was invited shows as such.
func dashboardRegions(ctx context.Context, tx pgx.Tx, d *Dashboard) error {
	rows, err := tx.Query(ctx, `SELECT DISTINCT region FROM countries ORDER BY region`)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	regions, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	for _, r := range regions {
		d.Regions = append(d.Regions, ResponseRate{Audience: domain.AudienceStatesParties, Region: r})
	}
	return nil
}

// listGroup is the respondents of one audience in one country, in the
// order the list shows them.
type listGroup struct {
	audience domain.Audience
	country  string
	n        int
}

// dashboardRates counts the respondents into the rates from the kept
// counts, and returns how many each audience has in each country, in the
// list's order. Started means saved at least once, as in Summary.
func dashboardRates(ctx context.Context, tx pgx.Tx, d *Dashboard) ([]listGroup, error) {
	rows, err := tx.Query(ctx, `SELECT rc.audience, rc.kind, rc.country, coalesce(c.region, ''), rc.verified, rc.progress,
			sum(rc.n)::bigint
		FROM rate_counts rc LEFT JOIN countries c ON c.iso2 = rc.country
		WHERE rc.consultation_id = $1
		GROUP BY rc.audience, rc.kind, rc.country, c.name, c.region, rc.verified, rc.progress HAVING sum(rc.n) <> 0
		ORDER BY rc.audience, coalesce(c.name, rc.country), rc.country`, d.Consultation.ID)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	var groups []listGroup
	var r DashboardRespondent
	var n int
	_, err = pgx.ForEachRow(rows, []any{&r.Audience, &r.Kind, &r.Country, &r.Region, &r.Verified, &r.Status, &n}, func() error {
		if len(groups) == 0 || groups[len(groups)-1].audience != r.Audience || groups[len(groups)-1].country != r.Country {
			groups = append(groups, listGroup{audience: r.Audience, country: r.Country})
			d.Countries = appendNew(d.Countries, r.Country)
		}
		groups[len(groups)-1].n += n
		d.Listed += n
		if !r.Verified {
			d.Unverified += n
			if !d.IncludeUnverified {
				return nil
			}
		}
		countStatus(rateFor(&d.Audiences, r.Audience, r.Kind, ""), r.Status, n)
		if r.Kind == domain.KindState {
			countStatus(rateFor(&d.Regions, r.Audience, "", r.Region), r.Status, n)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	return groups, nil
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// dashboardPageSQL reads, as dashboardOutdated does, up to $6
// respondents of the consultation $1 from the groups of audiences $2 and
// countries $3 (their types those of the columns, so that the index is
// used), from the respondent named $4 with id $5 in the first group on.
const dashboardPageSQL = `SELECT r.id, r.audience, r.kind, r.name, r.country, coalesce(c.name, r.country),
			coalesce(c.region, ''), r.verified, r.self_registered,
			CASE WHEN rs.excluded_at IS NOT NULL THEN 'withdrawn' WHEN rs.status = 'submitted' THEN 'submitted'
				WHEN rs.version > 0 THEN 'started' ELSE 'invited' END,
			rs.submitted_at
		FROM unnest($2::text[], $3::char(2)[]) WITH ORDINALITY AS g(audience, country, ord)
		CROSS JOIN LATERAL (SELECT * FROM respondents r
			WHERE r.consultation_id = $1 AND r.audience = g.audience AND r.country = g.country AND r.merged_into IS NULL
				AND (g.ord > 1 OR (r.name, r.id) >= ($4, $5))
			ORDER BY r.name, r.id LIMIT $6) r
		LEFT JOIN responses rs ON rs.respondent_id = r.id
		LEFT JOIN countries c ON c.iso2 = r.country
		ORDER BY g.ord, r.name, r.id LIMIT $6`

func scanDashboardRespondent(row pgx.CollectableRow) (DashboardRespondent, error) {
	var r DashboardRespondent
	err := row.Scan(&r.ID, &r.Audience, &r.Kind, &r.Name, &r.Country, &r.CountryName, &r.Region,
		&r.Verified, &r.SelfRegistered, &r.Status, &r.SubmittedAt)
	return r, err
}

// dashboardOutdated reads the respondents of the countries that are not
// current ISO 3166-1 codes, found among those the counts hold.
func dashboardOutdated(ctx context.Context, tx pgx.Tx, d *Dashboard) error {
	var outdated []string
	for _, c := range d.Countries {
		if !iso3166.Valid(c) {
			outdated = append(outdated, c)
		}
	}
	if len(outdated) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, `SELECT r.id, r.audience, r.kind, r.name, r.country, coalesce(c.name, r.country),
			coalesce(c.region, ''), r.verified, r.self_registered,
			CASE WHEN rs.excluded_at IS NOT NULL THEN 'withdrawn' WHEN rs.status = 'submitted' THEN 'submitted'
				WHEN rs.version > 0 THEN 'started' ELSE 'invited' END,
			rs.submitted_at
		FROM respondents r
		LEFT JOIN responses rs ON rs.respondent_id = r.id
		LEFT JOIN countries c ON c.iso2 = r.country
		WHERE r.consultation_id = $1 AND r.audience = ANY($2) AND r.country = ANY($3) AND r.merged_into IS NULL
		ORDER BY r.audience, coalesce(c.name, r.country), r.name, r.id`, d.Consultation.ID, domain.Audiences, outdated)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	if d.OutdatedCountries, err = pgx.CollectRows(rows, scanDashboardRespondent); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	return nil
}

// dashboardPage reads one page of the list, from the respondent f.From on:
// the groups tell which countries the page spans, and each country's
// respondents are read from the index by name, so that a page reads its
// own rows and a few more, whatever the number of respondents.
func dashboardPage(ctx context.Context, tx pgx.Tx, d *Dashboard, groups []listGroup, f DashboardFilter) error {
	start, name, id := 0, "", int64(0)
	if f.From > 0 {
		var audience domain.Audience
		var country string
		err := tx.QueryRow(ctx, `SELECT audience, country, name, id FROM respondents
			WHERE id = $1 AND consultation_id = $2 AND merged_into IS NULL`, f.From, d.Consultation.ID).
			Scan(&audience, &country, &name, &id)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("dashboard: %w", err)
		}
		start = slices.IndexFunc(groups, func(g listGroup) bool { return g.audience == audience && g.country == country })
		if err != nil || start < 0 {
			start, name, id = 0, "", 0
		}
	}
	// The groups the page may span: enough respondents for a page and the
	// one after it, counting the whole first group since the page may
	// start at its end.
	var audiences, countries []string
	for i, want := start, f.PageSize+1; i < len(groups) && (i == start || want > 0); i++ {
		audiences, countries = append(audiences, string(groups[i].audience)), append(countries, groups[i].country)
		if i > start {
			want -= groups[i].n
		}
	}
	rows, err := tx.Query(ctx, dashboardPageSQL,
		d.Consultation.ID, audiences, countries, name, id, f.PageSize+1)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	if d.Respondents, err = pgx.CollectRows(rows, scanDashboardRespondent); err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	if len(d.Respondents) > f.PageSize {
		d.Next = d.Respondents[f.PageSize].ID
		d.Respondents = d.Respondents[:f.PageSize]
	}
	return nil
}

// rateFor returns the rate of audience, kind and region in list, added
// when missing (a region outside the reference data).
func rateFor(list *[]ResponseRate, audience domain.Audience, kind domain.RespondentKind, region string) *ResponseRate {
	for i := range *list {
		if r := (*list)[i]; r.Audience == audience && r.Kind == kind && r.Region == region {
			return &(*list)[i]
		}
	}
	*list = append(*list, ResponseRate{Audience: audience, Kind: kind, Region: region})
	return &(*list)[len(*list)-1]
}

// countStatus counts n respondents of a status into r.
func countStatus(r *ResponseRate, status domain.Progress, n int) {
	r.Invited += n
	switch status {
	case domain.ProgressSubmitted:
		r.Started += n
		r.Submitted += n
	case domain.ProgressStarted:
		r.Started += n
	}
}

// VerifyRespondent marks a respondent as checked by an administrator, and
// records it in the audit log. Verifying a verified respondent changes
// nothing and records nothing. It returns ErrNotFound for an unknown
// respondent.
func (s *Store) VerifyRespondent(ctx context.Context, actor string, respondentID int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var consultationID int64
		var already bool
		err := tx.QueryRow(ctx, `SELECT consultation_id, verified FROM respondents WHERE id = $1 FOR UPDATE`,
			respondentID).Scan(&consultationID, &already)
		if err != nil {
			return notFound(err)
		}
		if already {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE respondents SET verified = true WHERE id = $1`, respondentID); err != nil {
			return fmt.Errorf("verify respondent: %w", err)
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "respondent.verify", ConsultationID: &consultationID,
			Subject: fmt.Sprintf("respondent:%d", respondentID)})
	})
}

// FindRespondentCountries returns the countries a consultation's
// respondents belong to, by name, for the reviewers' filters.
func (s *Store) FindRespondentCountries(ctx context.Context, consultationID int64) ([]Country, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT r.country, coalesce(c.name, r.country), coalesce(c.region, ''),
			coalesce(c.state_party, false)
		FROM respondents r LEFT JOIN countries c ON c.iso2 = r.country
		WHERE r.consultation_id = $1 ORDER BY 2`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("find countries: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Country, error) {
		var c Country
		err := row.Scan(&c.ISO2, &c.Name, &c.Region, &c.StateParty)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("find countries: %w", err)
	}
	return out, nil
}

// FindRegions returns the regions of the reference data, by name.
func (s *Store) FindRegions(ctx context.Context) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT DISTINCT region FROM countries ORDER BY region`)
	if err != nil {
		return nil, fmt.Errorf("find regions: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
