package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Sending for approval costs what a submission costs: two round trips in
// the store, after the session's lookup on the pages; and the drafter's
// forced submission on the pages is refused with 403, submitting nothing.
func TestApprovalRequestRoundTrips(t *testing.T) {
	t.Parallel()
	e, rt := newTracedEnv(t)
	count := func(name string, budget int64, do func()) {
		t.Helper()
		before := rt.n.Load()
		do()
		if got := rt.n.Load() - before; got > budget {
			t.Errorf("%s took %d round trips to the database, want at most %d", name, got, budget)
		}
	}
	token := e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Chan Sophea")
	if _, err := e.st.Invite(context.Background(), store.NewRespondent{Consultation: e.c.Slug, Audience: domain.AudienceStatesParties,
		Name: "Cambodia", Country: "KH", Contributor: "Sok Dara", Approver: true}); err != nil {
		t.Fatal(err)
	}
	b := e.browser("en")
	wantRedirect(t, b.get("/r/"+token), "/respond")
	check := b.get("/respond/check")
	wantStatus(t, check, 200)
	wantStatus(t, b.post("/respond/submit", check, url.Values{"version": {"0"}, "attribution": {"named"}}), 403)
	if n := e.count(`SELECT count(*) FROM submissions`); n != 0 {
		t.Fatalf("a drafter's submission made %d submissions", n)
	}
	count("POST /respond/approval-request", 3, func() {
		wantRedirect(t, b.post("/respond/approval-request", check, url.Values{}), "/respond/check")
	})
	a := e.browser("en")
	count("POST /api/v1/response/approval-request", 2, func() {
		wantStatus(t, a.doBody("POST", "/api/v1/response/approval-request", "", "Authorization", "Bearer "+token), 200)
	})
}
