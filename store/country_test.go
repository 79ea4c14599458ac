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
