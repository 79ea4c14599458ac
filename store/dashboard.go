package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/refdata/iso3166"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Dashboard is a consultation's progress as reviewers follow it: response
// rates per audience and kind of respondent, per region for the States
// Parties, and every respondent with their status. Registrations merged
// into another are left out; unverified self-registrations are listed but
// counted only when the filter asks for them.
type Dashboard struct {
	Consultation *Consultation
	Audiences    []ResponseRate // one per kind each question set admits, Region empty
	Regions      []ResponseRate // States Parties, one per region of the reference data, then "" if any
	Respondents  []DashboardRespondent
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

// DashboardFilter says which dashboard to read.
type DashboardFilter struct {
	Consultation      string // slug
	IncludeUnverified bool   // count unverified self-registrations too
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
		return dashboardRespondents(ctx, tx, &d)
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

// dashboardRespondents reads every respondent with their status and counts
// them into the rates. Started means saved at least once, as in Summary.
func dashboardRespondents(ctx context.Context, tx pgx.Tx, d *Dashboard) error {
	rows, err := tx.Query(ctx, `SELECT r.id, r.audience, r.kind, r.name, r.country, coalesce(c.name, r.country),
			coalesce(c.region, ''), r.verified, r.self_registered,
			CASE WHEN rs.excluded_at IS NOT NULL THEN 'withdrawn' WHEN rs.status = 'submitted' THEN 'submitted'
				WHEN rs.version > 0 THEN 'started' ELSE 'invited' END,
			rs.submitted_at
		FROM respondents r
		LEFT JOIN responses rs ON rs.respondent_id = r.id
		LEFT JOIN countries c ON c.iso2 = r.country
		WHERE r.consultation_id = $1 AND r.merged_into IS NULL
		ORDER BY r.audience, coalesce(c.name, r.country), r.name, r.id`, d.Consultation.ID)
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	d.Respondents, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (DashboardRespondent, error) {
		var r DashboardRespondent
		err := row.Scan(&r.ID, &r.Audience, &r.Kind, &r.Name, &r.Country, &r.CountryName, &r.Region,
			&r.Verified, &r.SelfRegistered, &r.Status, &r.SubmittedAt)
		return r, err
	})
	if err != nil {
		return fmt.Errorf("dashboard: %w", err)
	}
	for _, r := range d.Respondents {
		if !iso3166.Valid(r.Country) {
			d.OutdatedCountries = append(d.OutdatedCountries, r)
		}
		if !r.Verified {
			d.Unverified++
			if !d.IncludeUnverified {
				continue
			}
		}
		countStatus(rateFor(&d.Audiences, r.Audience, r.Kind, ""), r.Status)
		if r.Kind == domain.KindState {
			countStatus(rateFor(&d.Regions, r.Audience, "", r.Region), r.Status)
		}
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

func countStatus(r *ResponseRate, status domain.Progress) {
	r.Invited++
	switch status {
	case domain.ProgressSubmitted:
		r.Started++
		r.Submitted++
	case domain.ProgressStarted:
		r.Started++
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
