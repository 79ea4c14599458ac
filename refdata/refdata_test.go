package refdata

import (
	"strings"
	"testing"
)

func TestStatesParties(t *testing.T) {
	countries, err := StatesParties()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(countries), 165; got != want {
		t.Fatalf("%d States, want %d", got, want)
	}
	byCode := map[string]Country{}
	regions := map[string]bool{}
	in2012, parties := 0, 0
	for _, c := range countries {
		if len(c.ISO2) != 2 || len(c.ISO3) != 3 || c.Name == "" || c.Region == "" {
			t.Errorf("incomplete row %+v", c)
		}
		if _, dup := byCode[c.ISO2]; dup {
			t.Errorf("%s listed twice", c.ISO2)
		}
		byCode[c.ISO2] = c
		regions[c.Region] = true
		if c.PartyIn2012 {
			in2012++
		}
		if c.StateParty {
			parties++
		}
	}
	if len(regions) != 5 {
		t.Errorf("%d regions, want the Monitor's five: %v", len(regions), regions)
	}
	if in2012 != 160 {
		t.Errorf("%d States Parties in May 2012, want 160", in2012)
	}
	// Five withdrawals in effect; Ukraine's is not during armed conflict.
	if parties != 160 || !byCode["UA"].StateParty || byCode["FI"].StateParty {
		t.Errorf("parties today = %d (UA %v, FI %v), want 160 with Ukraine and without Finland",
			parties, byCode["UA"].StateParty, byCode["FI"].StateParty)
	}
}

func TestParseCSVRefusesMissingColumns(t *testing.T) {
	_, err := ParseCSV(strings.NewReader("name,iso2\nX,XX\n"))
	if err == nil || !strings.Contains(err.Error(), "missing column") {
		t.Fatalf("err = %v, want a missing column", err)
	}
}
