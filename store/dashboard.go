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
// rates per audience, per region for the States Parties, and every
// respondent with their status.
type Dashboard struct {
	Consultation *Consultation
	Audiences    []ResponseRate // one per question set, Region empty
	Regions      []ResponseRate // States Parties, one per region of the reference data, then "" if any
	Respondents  []DashboardRespondent
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
	Status         domain.Progress
	SubmittedAt    *time.Time
}

// Dashboard returns the dashboard of a consultation, or ErrNotFound. The
// counts and the list come from one snapshot, so that they agree.
func (s *Store) Dashboard(ctx context.Context, slug string) (*Dashboard, error) {
	var d Dashboard
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		c, err := findConsultationBySlug(ctx, tx, slug)
		if err != nil {
			return err
		}
		d.Consultation = c
		for _, qs := range c.QuestionSets {
			d.Audiences = append(d.Audiences, ResponseRate{Audience: qs.Audience})
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
			CASE WHEN rs.status = 'submitted' THEN 'submitted'
				WHEN rs.version > 0 THEN 'started' ELSE 'invited' END,
			rs.submitted_at
		FROM respondents r
		LEFT JOIN responses rs ON rs.respondent_id = r.id
		LEFT JOIN countries c ON c.iso2 = r.country
		WHERE r.consultation_id = $1
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
		countStatus(rateFor(&d.Audiences, r.Audience, ""), r.Status)
		if r.Audience == domain.AudienceStatesParties {
			countStatus(rateFor(&d.Regions, r.Audience, r.Region), r.Status)
		}
	}
	return nil
}

// rateFor returns the rate of audience and region in list, added when
// missing (a region outside the reference data).
func rateFor(list *[]ResponseRate, audience domain.Audience, region string) *ResponseRate {
	for i := range *list {
		if (*list)[i].Audience == audience && (*list)[i].Region == region {
			return &(*list)[i]
		}
	}
	*list = append(*list, ResponseRate{Audience: audience, Region: region})
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
