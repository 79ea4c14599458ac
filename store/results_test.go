package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

func publish(t *testing.T, st *store.Store) {
	t.Helper()
	for _, status := range []string{store.StatusClosed, store.StatusPublished} {
		if _, err := st.SetStatus(context.Background(), "cli", slug2012, status); err != nil {
			t.Fatalf("%s: %v", status, err)
		}
	}
}

func resultsNotices(t *testing.T, st *store.Store) []string {
	t.Helper()
	ms, err := st.FindMessages(context.Background(), store.MessageFilter{Consultation: slug2012})
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, m := range ms {
		if m.Kind == store.MessageResults {
			to = append(to, m.Email)
		}
	}
	slices.Sort(to)
	return to
}

// Publishing the results queues one message per address among the
// contributors whose link works, in the publishing transaction; publishing
// again after setting the consultation back to closed tells nobody twice.
func TestPublishingTellsEachAddressOnce(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	invite := func(country, email string) (*store.Access, *store.Principal) {
		return mustInvite(t, st, store.NewRespondent{Audience: domain.AudienceStatesParties, Name: "Delegation " + country,
			Country: country, Email: email})
	}
	invite("CO", "focal@example.org")
	invite("PE", "Focal@example.org") // the same person for two delegations
	invite("AO", "")
	invite("SN", "senegal@example.org")
	_, withdrawn := invite("TD", "chad@example.org")
	if err := st.WithdrawResponse(ctx, withdrawn); err != nil {
		t.Fatal(err)
	}
	revoked, _ := invite("SD", "sudan@example.org")
	if _, err := st.RevokeAccessToken(ctx, revoked.Token, "cli"); err != nil {
		t.Fatal(err)
	}

	if got := resultsNotices(t, st); len(got) != 0 {
		t.Fatalf("notices before publishing: %v", got)
	}
	publish(t, st)
	want := []string{"focal@example.org", "senegal@example.org"}
	if got := resultsNotices(t, st); !slices.Equal(got, want) {
		t.Fatalf("notices = %v, want %v", got, want)
	}
	invite("AF", "kabul@example.org") // invited after the results: told when they are published again
	publish(t, st)
	want = []string{"focal@example.org", "kabul@example.org", "senegal@example.org"}
	if got := resultsNotices(t, st); !slices.Equal(got, want) {
		t.Fatalf("notices after publishing again = %v, want %v", got, want)
	}
}

// The published results list the named submissions only, and give the
// answers of a named one; an anonymous or confidential submission, a
// draft, and any submission before publication are not found.
func TestPublishedResultsHoldNamedSubmissionsOnly(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, domain.AudienceStatesParties)
	submit := func(country string, a domain.Attribution) *store.Principal {
		p := mustState(t, st, country)
		v := mustSave(t, st, p, 0, store.AnswerInput{QuestionID: q[1], Text: "Answer of " + country},
			store.AnswerInput{QuestionID: q[2], Text: "x"}, store.AnswerInput{QuestionID: q[3], Text: "x"},
			store.AnswerInput{QuestionID: q[4], Text: "x"})
		if _, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: a}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	named := submit("CO", domain.AttributionNamed)
	anonymous := submit("KH", domain.AttributionAnonymous)
	confidential := submit("PE", domain.AttributionConfidential)
	draft := mustState(t, st, "AO")
	mustSave(t, st, draft, 0, store.AnswerInput{QuestionID: q[1], Text: "A draft"})

	if _, err := st.PublishedResults(ctx, slug2012); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("results before publishing: %v, want not found", err)
	}
	if _, _, err := st.PublishedSubmission(ctx, slug2012, named.ResponseID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a submission before publishing: %v, want not found", err)
	}
	publish(t, st)
	r, err := st.PublishedResults(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Named) != 1 || r.Named[0].ResponseID != named.ResponseID || r.Named[0].Name != "Delegation CO" {
		t.Fatalf("named submissions = %+v, want Colombia's only", r.Named)
	}
	if !r.Summary.Public {
		t.Fatal("the results' figures are not the public variant's")
	}
	_, sub, err := st.PublishedSubmission(ctx, slug2012, named.ResponseID)
	if err != nil || len(sub.Answers) != 4 || sub.Answers[0].Text != "Answer of CO" {
		t.Fatalf("Colombia's submission = %+v, %v", sub, err)
	}
	for _, p := range []*store.Principal{anonymous, confidential, draft} {
		if _, _, err := st.PublishedSubmission(ctx, slug2012, p.ResponseID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("response %d: %v, want not found", p.ResponseID, err)
		}
	}
}
