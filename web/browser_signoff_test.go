package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/locales"
)

// TestBrowserSignOff: a drafter, in Arabic and without script, sees who
// approves and no Submit button, is refused a forced submission, and sends
// the answers for approval; the approver sees who asked, submits, and the
// receipt names them.
func TestBrowserSignOff(t *testing.T) {
	t.Parallel()
	e, _ := newBrowserEnv(t)
	axe := axeSource(t)
	ar := locales.NewPrinter(locales.Embedded(), "ar").T
	en := locales.NewPrinter(locales.Embedded(), "en").T
	drafter := e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Chan Sophea")
	acc, err := e.st.Invite(context.Background(), store.NewRespondent{Consultation: e.c.Slug, Audience: domain.AudienceStatesParties,
		Name: "Cambodia", Country: "KH", Contributor: "Sok Dara", Approver: true})
	if err != nil {
		t.Fatal(err)
	}

	tb := newTab(t, e.URL, false)
	a := &audit{t: t, axe: axe, lang: "ar", narrow: true, noScript: true}
	tb.open("/?lang=ar")
	tb.open("/r/" + drafter)
	f := &flow{e: e, tb: tb, qs: e.questions(domain.AudienceStatesParties), tag: "Draft"}
	f.answerAll()
	if got := tb.eval(`document.documentElement.dir`); got != "rtl" {
		t.Fatalf("the drafter's page in Arabic is %q, want rtl", got)
	}
	if got := tb.text("#signoff-heading"); !strings.Contains(got, ar("signoff.heading")) {
		t.Fatalf("the form says %q, want the sign-off notice", got)
	}
	tb.pressAndLoad(`button[value="continue"]`)
	tb.waitPage("check")
	if tb.eval(`String(!!document.querySelector('form[action="/respond/submit"]'))`) != "false" {
		t.Fatal("a drafter's check page has the Submit form")
	}
	if got := tb.text(".notice"); !strings.Contains(got, ar("signoff.drafter_body", "Sok Dara")) {
		t.Fatalf("the drafter's check page says %q, want who approves", got)
	}
	a.check(tb, "signoff-drafter")

	// A submission forced by hand, with the page's own CSRF token.
	setScript(tb, true)
	tb.eval(`(() => { const f = document.createElement("form"); f.method = "post"; f.action = "/respond/submit";
		for (const [k, v] of [["csrf", document.querySelector('input[name="csrf"]').value], ["version", "` + "1" + `"], ["attribution", "named"]]) {
			const i = document.createElement("input"); i.type = "hidden"; i.name = k; i.value = v; f.appendChild(i); }
		document.body.appendChild(f); window.vaconsultLeaving = true; f.submit(); return ""; })()`)
	tb.waitFor(`.error-summary a[href="#signoff-send"]`)
	setScript(tb, false)
	if got := tb.text(".error-summary"); !strings.Contains(got, ar("signoff.error.required", "Sok Dara")) {
		t.Fatalf("the forced submission's error says %q", got)
	}
	if n := e.count(`SELECT count(*) FROM submissions`); n != 0 {
		t.Fatalf("a drafter's forced submission made %d submissions", n)
	}
	a.check(tb, "signoff-refused")

	tb.pressAndLoad("#signoff-send")
	tb.waitPage("check")
	if got := tb.text("#signoff-pending"); !strings.Contains(got, "Chan Sophea") {
		t.Fatalf("after sending for approval the page says %q", got)
	}

	// The approver, in English, with script.
	tb2 := newTab(t, e.URL, true)
	a2 := &audit{t: t, axe: axe, lang: "en", narrow: true}
	tb2.open("/?lang=en")
	tb2.open("/r/" + acc.Token)
	tb2.waitPage("respond")
	if got := tb2.text("#signoff-pending"); !strings.HasPrefix(strings.TrimSpace(got), "Chan Sophea asked for approval on ") {
		t.Fatalf("the approver's form says %q, want who asked and when", got)
	}
	a2.check(tb2, "signoff-approver")
	tb2.pressAndLoad(`button[value="continue"]`)
	tb2.waitPage("check")
	tb2.tabTo(`input[name="attribution"]`)
	tb2.keys(kb.ArrowDown)
	tb2.pressAndLoad(`form[action="/respond/submit"] button`)
	tb2.waitPage("confirmation")
	if got := tb2.text("#approved-by"); !strings.Contains(got, en("confirmation.approved_by", "Sok Dara")) {
		t.Fatalf("the receipt says %q, want the approver named", got)
	}
	a2.check(tb2, "signoff-receipt")
}
