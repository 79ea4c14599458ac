package web_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/locales"
)

// checkAnswersFlow submits from check-your-answers with every reason to
// refuse at once, follows the summary's links to fix the answers, and
// comes back: every problem listed together, each link landing in its
// field with the error beside it, the attribution kept, and a button that
// says what it will do.
func checkAnswersFlow(t *testing.T, lang string, js bool) {
	e, _ := newBrowserEnv(t)
	a := &audit{t: t, axe: axeSource(t), lang: lang, narrow: true, noScript: !js}
	tr := locales.NewPrinter(locales.Embedded(), lang).T
	token := e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Sok Chea")
	tb := newTab(t, e.URL, js)
	tb.open("/?lang=" + lang)
	tb.open("/r/" + token)
	tb.waitPage("respond")
	qs := e.questions(domain.AudienceStatesParties)
	tb.typeInto(fmt.Sprintf("#q-%d-text", qs[0].ID), "First answer")
	tb.press(`button[value="continue"]`)
	tb.waitPage("check")
	button := `form[action="/respond/submit"] button`
	if got := strings.TrimSpace(tb.text(button)); got != tr("check.submit") {
		t.Fatalf("before any submission the button says %q, want %q", got, tr("check.submit"))
	}

	// No attribution and three answers missing: all four at once.
	tb.press(button)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary a")))
	links := tb.eval(`Array.from(document.querySelectorAll(".error-summary a")).map(a => a.getAttribute("href")).join(" ")`)
	want := []string{"#attribution-named"}
	for _, q := range qs[1:] {
		want = append(want, fmt.Sprintf("/respond?missing=1#q-%d-text", q.ID))
	}
	if links != strings.Join(want, " ") {
		t.Fatalf("the error summary links to %q, want %q", links, strings.Join(want, " "))
	}
	summary := tb.text(".error-summary")
	for _, msg := range []string{tr("check.error.attribution"), tr("check.error.missing", qs[1].Number), tr("check.error.missing", qs[3].Number)} {
		if !strings.Contains(summary, msg) {
			t.Errorf("the error summary lacks %q:\n%s", msg, summary)
		}
	}
	if tb.eval(`String(!!document.querySelector("#attribution-error"))`) != "true" {
		t.Error("the attribution's error is not shown beside it")
	}
	a.check(tb, "check-errors")

	// The attribution chosen, the answers still missing: the attribution is
	// kept through the trip to the form and back.
	tb.tabTo(`input[name="attribution"]`)
	tb.keys(kb.ArrowDown) // the second choice: quoted without the name
	tb.press(button)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary a")))
	tb.do(chromedp.WaitNotPresent(chromedp.CSS("#attribution-error")))
	if n := tb.eval(`String(document.querySelectorAll(".error-summary a").length)`); n != "3" {
		t.Fatalf("with the attribution chosen the summary has %s entries, want the 3 missing answers", n)
	}
	tb.press(fmt.Sprintf(`.error-summary a[href$="#q-%d-text"]`, qs[1].ID))
	tb.waitPage("respond")
	if got, want := tb.eval(`location.pathname + location.search + location.hash`),
		fmt.Sprintf("/respond?missing=1#q-%d-text", qs[1].ID); got != want {
		t.Fatalf("the summary's link went to %q, want %q", got, want)
	}
	if got, want := tb.eval(`document.activeElement.id`), fmt.Sprintf("q-%d-text", qs[1].ID); got != want {
		t.Fatalf("focus is on %q, want the answer's box %q", got, want)
	}
	beside := tb.text(fmt.Sprintf("#q-%d-error", qs[1].ID))
	if !strings.Contains(beside, tr("check.error.missing", qs[1].Number)) {
		t.Fatalf("beside the question: %q, want %q", beside, tr("check.error.missing", qs[1].Number))
	}
	if got := tb.eval(`document.getElementById("q-` + strconv.FormatInt(qs[1].ID, 10) + `-text").getAttribute("aria-describedby")`); !strings.Contains(got, "-error") {
		t.Errorf("the box is described by %q, not by its error", got)
	}
	tb.keys("Second answer") // typed where the focus landed
	a.check(tb, "respond-missing")
	for _, q := range qs[2:] {
		tb.typeInto(fmt.Sprintf("#q-%d-text", q.ID), fmt.Sprintf("Answer %d", q.Number))
	}
	tb.press(`button[value="continue"]`)
	tb.waitPage("check")
	if got := tb.eval(`document.querySelector('input[name="attribution"]:checked').value`); got != string(domain.AttributionAnonymous) {
		t.Fatalf("back on check-your-answers the attribution is %q, want the one chosen before, anonymous", got)
	}
	if !strings.Contains(tb.text(".summary"), "Second answer") {
		t.Fatalf("check your answers lacks the answer typed:\n%s", tb.text(".summary"))
	}
	tb.press(button)
	tb.waitPage("confirmation")

	// Nothing changed since: nothing to submit again, and the button says
	// what it does instead.
	tb.open("/respond/check")
	tb.waitPage("check")
	if got := strings.TrimSpace(tb.text(button)); got != tr("check.save_attribution") {
		t.Fatalf("unchanged since the submission, the button says %q, want %q", got, tr("check.save_attribution"))
	}
	if !strings.Contains(tb.text("#submit-state"), tr("check.unchanged")) {
		t.Fatalf("the page does not say there is nothing to submit again")
	}
	tb.open("/respond")
	tb.waitPage("respond")
	tb.typeInto(fmt.Sprintf("#q-%d-text", qs[0].ID), " revised")
	tb.press(`button[value="continue"]`)
	tb.waitPage("check")
	if got := strings.TrimSpace(tb.text(button)); got != tr("check.resubmit") {
		t.Fatalf("after a change the button says %q, want %q", got, tr("check.resubmit"))
	}
	a.check(tb, "check-changed")
}

func TestBrowserCheckAnswersEnglish(t *testing.T) {
	t.Parallel()
	checkAnswersFlow(t, "en", true)
}

func TestBrowserCheckAnswersEnglishWithoutScript(t *testing.T) {
	t.Parallel()
	checkAnswersFlow(t, "en", false)
}

func TestBrowserCheckAnswersArabic(t *testing.T) {
	t.Parallel()
	checkAnswersFlow(t, "ar", true)
}

func TestBrowserCheckAnswersArabicWithoutScript(t *testing.T) {
	t.Parallel()
	checkAnswersFlow(t, "ar", false)
}
