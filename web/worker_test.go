package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
)

// TestServiceWorkerIsServedFromTheRoot checks the worker's address, type
// and headers, that the page allows it, and that only the open question
// form registers it, for the respondent's pages alone.
func TestServiceWorkerIsServedFromTheRoot(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("en")
	sw := b.get("/sw.js")
	wantStatus(t, sw, http.StatusOK)
	if ct := sw.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
		t.Errorf("/sw.js is %q, want text/javascript", ct)
	}
	if cc := sw.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("/sw.js Cache-Control = %q, want no-store", cc)
	}
	wantContains(t, sw, "caches.open", `req.method !== "GET"`)
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "PE", "Peru", "Rosa")), "/respond")
	p := b.get("/respond")
	if csp := p.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "worker-src 'self'") {
		t.Errorf("CSP %q does not allow the worker", csp)
	}
	wantContains(t, p, `data-sw="/sw.js" data-scope="/respond"`, `data-fresh="1"`)
	wantLacks(t, b.get("/respond/check"), "data-sw=")
}

// TestSignOutAndWithdrawalForgetTheForm checks that signing out and
// withdrawing ask the browser to delete the kept form and any copy of the
// answers.
func TestSignOutAndWithdrawalForgetTheForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("en")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceSurvivors, "UG", "Uganda Landmine Survivors", "Grace")), "/respond")
	p := b.get("/respond")
	out := b.post("/signout", p, url.Values{})
	wantRedirect(t, out, "/?signedout=1")
	if got := out.Header.Get("Clear-Site-Data"); got != `"cache", "storage"` {
		t.Errorf("sign-out Clear-Site-Data = %q", got)
	}

	b = e.browser("en")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "Dara")), "/respond")
	out = b.post("/respond/withdraw", b.get("/respond/check"), url.Values{"confirm": {"yes"}})
	wantRedirect(t, out, "/?withdrawal=done")
	if got := out.Header.Get("Clear-Site-Data"); got != `"cache", "storage"` {
		t.Errorf("withdrawal Clear-Site-Data = %q", got)
	}
}

// TestAutosaveSavesBesideAConflict saves two answers, one of which another
// contributor changed meanwhile: the other is saved, the conflict is named
// by question id, and the time is the meeting's, with its zone.
func TestAutosaveSavesBesideAConflict(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	qs := e.questions(domain.AudienceStatesParties)
	ana, bruno := e.browser("en"), e.browser("en")
	anaLink := e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Ana")
	wantRedirect(t, ana.get("/r/"+anaLink), "/respond")
	wantRedirect(t, bruno.get("/r/"+e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Bruno")), "/respond")
	pa, pb := ana.get("/respond"), bruno.get("/respond")

	v := hiddenValues(pa)
	v.Set(form.TextName(qs[0].ID), "Ana's words")
	wantStatus(t, ana.do("POST", "/respond/draft", v, "Accept", "application/json"), http.StatusOK)

	v = hiddenValues(pb)
	v.Set(form.TextName(qs[0].ID), "Bruno's words")
	v.Set(form.TextName(qs[1].ID), "Bruno's other words")
	r := bruno.do("POST", "/respond/draft", v, "Accept", "application/json")
	wantStatus(t, r, http.StatusConflict)
	var out struct {
		Saved       []struct{ ID string }
		Conflicts   []int
		ConflictIDs []string `json:"conflict_ids"`
		At          string
	}
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
		t.Fatal(err)
	}
	if want := []string{fmt.Sprint(qs[0].ID)}; !slices.Equal(out.ConflictIDs, want) || len(out.Conflicts) != 1 {
		t.Errorf("conflicts %v, ids %v; want question 1 (id %v)", out.Conflicts, out.ConflictIDs, want)
	}
	if len(out.Saved) != 1 || out.Saved[0].ID != fmt.Sprint(qs[1].ID) {
		t.Errorf("saved %v, want question 2 alone", out.Saved)
	}
	now := time.Now().In(e.c.Location())
	if zone := now.Format("MST"); !strings.HasSuffix(out.At, " "+zone) || len(out.At) != len("15:04 ")+len(zone) {
		t.Errorf("saved at %q, want hh:mm %s", out.At, zone)
	}
	if got := savedText(t, e, anaLink, qs[0].ID); got != "Ana's words" {
		t.Errorf("question 1 holds %q", got)
	}
}
