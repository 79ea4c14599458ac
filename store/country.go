package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/refdata"
)

// Country is a State Party as the reference data describes it.
type Country struct {
	ISO2       string
	Name       string
	Region     string
	StateParty bool
}

// LoadCountries adds the countries that are not yet in the reference table.
// Rows already there are left alone, so an administrator's corrections
// survive a restart. It returns how many rows it added.
func (s *Store) LoadCountries(ctx context.Context, countries []refdata.Country) (int, error) {
	batch := &pgx.Batch{}
	for _, c := range countries {
		batch.Queue(`INSERT INTO countries (iso2, iso3, name, region, un_region, un_subregion, state_party, party_in_2012)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
			c.ISO2, c.ISO3, c.Name, c.Region, c.UNRegion, c.UNSubregion, c.StateParty, c.PartyIn2012)
	}
	br := s.pool.SendBatch(ctx, batch)
	defer br.Close()
	added := 0
	for range countries {
		tag, err := br.Exec()
		if err != nil {
			return added, fmt.Errorf("load countries: %w", err)
		}
		added += int(tag.RowsAffected())
	}
	return added, nil
}

// FindCountry returns the States Parties row for an ISO 3166 alpha-2 code, or
// ErrNotFound.
func (s *Store) FindCountry(ctx context.Context, iso2 string) (*Country, error) {
	return findCountry(ctx, s.pool, iso2)
}

func findCountry(ctx context.Context, db DBTX, iso2 string) (*Country, error) {
	var c Country
	err := db.QueryRow(ctx, `SELECT iso2, name, region, state_party FROM countries WHERE iso2 = $1`, iso2).
		Scan(&c.ISO2, &c.Name, &c.Region, &c.StateParty)
	if err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}
