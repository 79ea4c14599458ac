package store_test

import (
	"context"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// notCountries are codes that look like countries but are not current ISO
// 3166-1 codes: groupings, reserved codes, former codes, unknown codes.
var notCountries = []string{"EZ", "UN", "EU", "QO", "ZZ", "XK", "AC", "HV", "BU", "ZR", "YU", "SU", "UK", "K", "KHM", ""}

func TestInviteAndRegisterTakeOnlyCurrentCountries(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.Pool().Exec(ctx, `UPDATE consultations SET self_registration = true`); err != nil {
		t.Fatal(err)
	}
	for _, cc := range notCountries {
		in := store.NewRespondent{Consultation: slug2012, Audience: "survivors", Name: "Network", Country: cc}
		_, err := st.Invite(ctx, in)
		if e := wantKind(t, err, store.KindValidation, "validation_failed"); e.Fields["country"] == "" {
			t.Errorf("invitation with %q: fields %v, want one for country", cc, e.Fields)
		}
		_, err = st.Register(ctx, in)
		if e := wantKind(t, err, store.KindValidation, "validation_failed"); e.Fields["country"] == "" {
			t.Errorf("registration with %q: fields %v, want one for country", cc, e.Fields)
		}
	}
	var n int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM respondents`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("respondents after refused countries = %d (%v), want 0", n, err)
	}

	// A current code in lower case, with spaces around it, is taken as
	// written in capitals.
	acc, _ := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Network", Country: " kh "})
	if got, want := acc.Respondent.Country, "KH"; got != want {
		t.Errorf("country = %q, want %q", got, want)
	}
	reg, err := st.Register(ctx, store.NewRespondent{Consultation: slug2012, Audience: "survivors", Name: "Réseau", Country: "bf"})
	if err != nil || reg.Respondent.Country != "BF" {
		t.Fatalf("registration with bf: %v, %+v; want BF", err, reg)
	}
}

// mustInsertLegacyRespondent adds a survivors' respondent with a country
// written straight into the database, as rows made before the country list
// was enforced may hold.
func mustInsertLegacyRespondent(t *testing.T, st *store.Store, name, country string) int64 {
	t.Helper()
	var id int64
	err := st.Pool().QueryRow(context.Background(), `
		INSERT INTO respondents (consultation_id, question_set_id, audience, kind, name, country)
		SELECT c.id, qs.id, qs.audience, 'organisation', $2, $3
		FROM consultations c JOIN question_sets qs ON qs.consultation_id = c.id AND qs.audience = 'survivors'
		WHERE c.slug = $1
		RETURNING id`, slug2012, name, country).Scan(&id)
	if err != nil {
		t.Fatalf("insert respondent of %s: %v", country, err)
	}
	return id
}

func TestDashboardFlagsCountriesThatAreNotCurrent(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Current", Country: "BF"})
	hv := mustInsertLegacyRespondent(t, st, "Volta Network", "HV")
	ez := mustInsertLegacyRespondent(t, st, "Euro Network", "EZ")

	d, err := st.Dashboard(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[int64]string{}
	for _, r := range d.OutdatedCountries {
		flagged[r.ID] = r.Country
	}
	if len(flagged) != 2 || flagged[hv] != "HV" || flagged[ez] != "EZ" {
		t.Fatalf("flagged = %v, want the HV and EZ rows only", flagged)
	}
	if len(d.Respondents) != 3 {
		t.Fatalf("%d respondents listed, want all 3", len(d.Respondents))
	}
	for _, r := range d.Respondents {
		if r.ID == hv && r.CountryName != "HV" {
			t.Errorf("HV row named %q, want its code", r.CountryName)
		}
	}
}
