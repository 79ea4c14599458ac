// Package refdata holds reference data shipped with vaconsult: the States
// Parties to the Anti-Personnel Mine Ban Convention with their ISO 3166 codes
// and the regions used in the Convention's meetings.
package refdata

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

//go:embed states-parties.csv
var statesPartiesCSV string

// Country is one row of the States Parties list.
type Country struct {
	ISO2        string
	ISO3        string
	Name        string
	Region      string // the five regions of the Landmine and Cluster Munition Monitor
	UNRegion    string
	UNSubregion string
	StateParty  bool // a State Party today (withdrawals taken into account)
	PartyIn2012 bool // a State Party when the May 2012 meetings opened
}

// StatesParties returns the embedded list.
func StatesParties() ([]Country, error) {
	return ParseCSV(strings.NewReader(statesPartiesCSV))
}

// ParseCSV reads a States Parties list in the layout of states-parties.csv.
// It fails on a missing column or a malformed row.
func ParseCSV(r io.Reader) ([]Country, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("states parties: header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, want := range []string{"name", "iso2", "iso3", "monitor_region_approx", "party_on_2012_05_21", "status_2026_02_20"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("states parties: missing column %q", want)
		}
	}
	var out []Country
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("states parties: %w", err)
		}
		out = append(out, Country{
			ISO2:        rec[col["iso2"]],
			ISO3:        rec[col["iso3"]],
			Name:        rec[col["name"]],
			Region:      rec[col["monitor_region_approx"]],
			UNRegion:    get(rec, col, "un_m49_region"),
			UNSubregion: get(rec, col, "un_m49_subregion"),
			StateParty:  strings.HasPrefix(rec[col["status_2026_02_20"]], "party"),
			PartyIn2012: rec[col["party_on_2012_05_21"]] == "yes",
		})
	}
}

func get(rec []string, col map[string]int, name string) string {
	if i, ok := col[name]; ok {
		return rec[i]
	}
	return ""
}
