package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

func TestDashboardCountsRespondentsByStatus(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	mustSubmitState(t, st, "KH", "named", "report")
	mustState(t, st, "CO")
	mustSubmitSurvivor(t, st, "Network", "KH", "anonymous", "en", "text")
	_, draft := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Drafting", Country: "AF"})
	mustSave(t, st, draft, 0, store.AnswerInput{QuestionID: questionIDs(t, st, "survivors")[2], Text: "draft"})

	d, err := st.Dashboard(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	// One rate per kind of respondent each set admits.
	want := map[string]store.ResponseRate{
		"states-parties/state":   {Audience: "states-parties", Kind: "state", Invited: 2, Started: 1, Submitted: 1},
		"survivors/organisation": {Audience: "survivors", Kind: "organisation", Invited: 2, Started: 2, Submitted: 1},
		"survivors/individual":   {Audience: "survivors", Kind: "individual"},
	}
	if len(d.Audiences) != len(want) {
		t.Errorf("rates = %+v, want %d", d.Audiences, len(want))
	}
	for _, r := range d.Audiences {
		if key := string(r.Audience) + "/" + string(r.Kind); r != want[key] {
			t.Errorf("rate %s = %+v, want %+v", key, r, want[key])
		}
	}
	if len(d.Regions) < 4 {
		t.Fatalf("regions = %+v, want every region of the reference data", d.Regions)
	}
	var invited int
	for _, r := range d.Regions {
		if r.Region == "" {
			t.Errorf("a region without a name: %+v", r)
		}
		invited += r.Invited
	}
	if invited != 2 {
		t.Errorf("States invited over the regions = %d, want 2", invited)
	}
	statuses := map[string]string{}
	for _, r := range d.Respondents {
		statuses[r.Name] = string(r.Status)
	}
	for name, status := range map[string]string{"Delegation KH": "submitted", "Delegation CO": "invited",
		"Network": "submitted", "Drafting": "started"} {
		if statuses[name] != status {
			t.Errorf("status of %s = %q, want %q", name, statuses[name], status)
		}
	}
	if _, err := st.Dashboard(ctx, "no-such"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown consultation: err = %v, want ErrNotFound", err)
	}
}

func TestVerifyRespondentIsAudited(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.Pool().Exec(ctx, `UPDATE consultations SET self_registration = true`); err != nil {
		t.Fatal(err)
	}
	acc, err := st.Register(ctx, store.NewRespondent{Consultation: slug2012, Audience: "survivors",
		Kind: "individual", Name: "Someone", Country: "CO"})
	if err != nil {
		t.Fatal(err)
	}
	if acc.Respondent.Verified {
		t.Fatal("a self-registered respondent starts verified")
	}
	for range 2 {
		if err := st.VerifyRespondent(ctx, "reviewer:7", acc.Respondent.ID); err != nil {
			t.Fatal(err)
		}
	}
	r, err := st.FindRespondentByID(ctx, acc.Respondent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Verified {
		t.Fatal("not verified after VerifyRespondent")
	}
	if got, want := auditActions(t, st, "reviewer:7"), []string{"respondent.verify"}; !slices.Equal(got, want) {
		t.Fatalf("audit = %v, want %v", got, want)
	}
	if err := st.VerifyRespondent(ctx, "reviewer:7", 999999); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown respondent: err = %v, want ErrNotFound", err)
	}
	cs, err := st.FindRespondentCountries(ctx, r.ConsultationID)
	if err != nil || len(cs) != 1 || cs[0].ISO2 != "CO" {
		t.Fatalf("countries = %+v, %v; want Colombia", cs, err)
	}
}
