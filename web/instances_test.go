package web_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
)

// Two servers on one database, reached on two ports by one browser (whose
// cookies, like every browser's, do not depend on the port), take a
// respondent's requests in turn: the session, the CSRF token, the
// consultation and the answers are the same on both.
func TestTwoInstancesTakeTurns(t *testing.T) {
	t.Parallel()
	dbURL := dbtest.NewDatabase(t)
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	var envs [2]*env
	for i := range envs {
		st, err := store.Open(context.Background(), dbURL)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		res, err := st.LoadConsultation(context.Background(), f) // each instance loads it at start, as serve does
		if err != nil {
			t.Fatal(err)
		}
		envs[i] = &env{t: t, st: st, c: res.Consultation}
		srv := httptest.NewServer(envs[i].handler())
		t.Cleanup(srv.Close)
		envs[i].URL = srv.URL
	}
	a := envs[0].browser("en")
	b := &browser{e: envs[1], lang: "en", c: a.c} // the same browser, the other port
	qs := envs[0].questions(domain.AudienceStatesParties)

	wantRedirect(t, a.get("/r/"+envs[0].invite(domain.AudienceStatesParties, "KH", "Cambodia", "Sok Chea")), "/respond")
	p := b.get("/respond")
	wantStatus(t, p, 200)
	v := formValues(p)
	v.Set(form.TextName(qs[0].ID), "Saved on the first server.")
	wantStatus(t, a.do("POST", "/respond/draft", v, "Accept", "application/json"), 200)
	wantContains(t, b.get("/respond"), "Saved on the first server.")

	v = answerForm(b.get("/respond"), qs, "Answered on the second server")
	v.Set("action", "continue")
	wantRedirect(t, b.do("POST", "/respond", v), "/respond/check")
	check := a.get("/respond/check")
	wantContains(t, check, "Answered on the second server 2")
	wantRedirect(t, b.post("/respond/submit", check,
		url.Values{"version": {hidden(t, check, "version")}, "attribution": {"named"}}), "/respond/confirmation")
	wantContains(t, a.get("/respond/confirmation"), "VA-")

	// Signing out on one ends the session on both.
	wantStatus(t, a.post("/signout", a.get("/respond/confirmation"), url.Values{}), 303)
	if r := b.get("/respond"); r.Status == 200 {
		t.Fatalf("the second server still serves the form after signing out on the first")
	}
}
