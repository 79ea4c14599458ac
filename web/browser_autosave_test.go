package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/vaconsult/vaconsult/store/domain"
)

// statusSel is the one live region; each question's own state is beside
// it, in stateSel.
const statusSel = "[data-autosave-status]"

func stateSel(questionID int64) string { return fmt.Sprintf("#q-%d-state", questionID) }

// unsavedCopy returns the text the browser keeps of a question's answer as
// not yet confirmed by the server, or "".
func unsavedCopy(tb *tab, questionID int64) string {
	tb.t.Helper()
	return tb.eval(fmt.Sprintf(`Object.keys(localStorage).filter(k => k.startsWith("vaconsult-draft-"))
		.map(k => JSON.parse(localStorage.getItem(k))[%q]).filter(e => e && !e.s).map(e => e.text).join("")`, fmt.Sprint(questionID)))
}

// savedText returns the current text of a question's answer in the store.
func savedText(t *testing.T, e *env, token string, questionID int64) string {
	t.Helper()
	p, err := e.st.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.st.FindResponse(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Answers {
		if a.QuestionID == questionID {
			return a.Text
		}
	}
	return ""
}

func TestBrowserAutosaveLosesNothing(t *testing.T) {
	t.Parallel()
	e, live := newBrowserEnv(t)
	token := e.invite(domain.AudienceStatesParties, "PE", "Peru", "Rosa")
	q := e.questions(domain.AudienceStatesParties)[0]
	field := fmt.Sprintf("#q-%d-text", q.ID)
	tb := newTab(t, e.URL, true)
	tb.open("/r/" + token)
	tb.waitPage("respond")

	// Type, wait for "Saved at" beside the question, in the meeting's
	// time zone, named; the live region says nothing of a save that went
	// well. Reload: the text is there.
	tb.typeInto(field, "First part")
	tb.waitText(stateSel(q.ID), "Saved at")
	if got, zone := tb.text(stateSel(q.ID)), time.Now().In(e.c.Location()).Format("MST"); !strings.HasSuffix(got, " "+zone) {
		t.Fatalf("the state says %q, want a time in %s", got, zone)
	}
	if got := tb.eval(`document.querySelector("[data-autosave-status]").getAttribute("role")`); got != "status" {
		t.Fatalf("the autosave status has role %q, want status", got)
	}
	if got := tb.text(statusSel); got != "" {
		t.Fatalf("the live region says %q after a save that went well", got)
	}
	tb.do(chromedp.Reload())
	tb.waitPage("respond")
	if got := tb.value(field); got != "First part" {
		t.Fatalf("after reload the answer is %q", got)
	}

	// Cut the server off while typing: the text stays in the browser and
	// the page says it is not saved yet.
	tb.typeInto(field, ", second")
	live.stop()
	tb.keys(" part")
	tb.waitText(stateSel(q.ID), "Not saved yet")
	tb.waitText(statusSel, "Not saved yet")
	if kept := unsavedCopy(tb, q.ID); kept != "First part, second part" {
		t.Fatalf("the browser keeps %q as unsaved", kept)
	}
	if got := savedText(t, e, token, q.ID); got != "First part" {
		t.Fatalf("while cut off the store holds %q", got)
	}

	// Bring it back: the save goes through by itself, nothing lost.
	live.restart()
	tb.waitText(stateSel(q.ID), "Saved at")
	tb.waitText(statusSel, "The connection is back")
	if got := savedText(t, e, token, q.ID); got != "First part, second part" {
		t.Fatalf("after the server came back the store holds %q", got)
	}
	if kept := unsavedCopy(tb, q.ID); kept != "" {
		t.Fatalf("the browser still keeps %q as unsaved after the save", kept)
	}

	// Too long: the server refuses it; the reason shows beside the
	// question and is said once; the text stays kept here.
	tb.eval(fmt.Sprintf(`const f = document.querySelector(%q); f.value = "y".repeat(%d);
		f.dispatchEvent(new Event("input", {bubbles: true})); ""`, field, q.MaxLength+1))
	tb.waitText(statusSel, "Not saved: some answers need changing")
	tb.waitText(stateSel(q.ID), "characters")
	if kept := unsavedCopy(tb, q.ID); len(kept) != q.MaxLength+1 {
		t.Fatalf("the browser keeps %d characters of the refused text", len(kept))
	}
}

func TestBrowserAutosaveRestoresUnsavedText(t *testing.T) {
	t.Parallel()
	e, live := newBrowserEnv(t)
	token := e.invite(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "Dara")
	q := e.questions(domain.AudienceSurvivors)[1]
	field := fmt.Sprintf("#q-%d-text", q.ID)
	tb := newTab(t, e.URL, true)
	tb.open("/r/" + token)
	tb.waitPage("respond")

	// Typed while the server is away, then the page is closed: the next
	// visit puts the text back and saves it.
	live.stop()
	tb.typeInto(field, "Typed offline")
	tb.waitText(stateSel(q.ID), "Not saved yet")
	tb.do(chromedp.Navigate("about:blank"))
	live.restart()
	tb.open("/respond")
	tb.waitPage("respond")
	tb.waitText(stateSel(q.ID), "Saved at")
	if got := tb.value(field); got != "Typed offline" {
		t.Fatalf("the page shows %q", got)
	}
	if got := savedText(t, e, token, q.ID); got != "Typed offline" {
		t.Fatalf("the store holds %q", got)
	}
}

func TestBrowserConflictIsShownNotSwallowed(t *testing.T) {
	t.Parallel()
	e, _ := newBrowserEnv(t)
	ana := e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Ana")
	bruno := e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Bruno")
	q := e.questions(domain.AudienceStatesParties)[0]
	field := fmt.Sprintf("#q-%d-text", q.ID)
	a, b := newTab(t, e.URL, true), newTab(t, e.URL, true)
	a.open("/r/" + ana)
	a.waitPage("respond")
	b.open("/r/" + bruno)
	b.waitPage("respond")

	a.typeInto(field, "Ana's words")
	a.waitText(stateSel(q.ID), "Saved at")
	b.typeInto(field, "Bruno's words")
	b.waitText(stateSel(q.ID), "someone else changed this answer")
	b.waitText(statusSel, "Someone else changed question 1")
	if got := savedText(t, e, ana, q.ID); got != "Ana's words" {
		t.Fatalf("the store holds %q, want Ana's text untouched", got)
	}

	// The other questions keep saving; the one in conflict waits for
	// Bruno, with his text kept.
	q2 := e.questions(domain.AudienceStatesParties)[1]
	b.typeInto(fmt.Sprintf("#q-%d-text", q2.ID), "Bruno goes on")
	b.waitText(stateSel(q2.ID), "Saved at")
	if got := savedText(t, e, bruno, q2.ID); got != "Bruno goes on" {
		t.Fatalf("question 2 holds %q, want Bruno's text saved beside the conflict", got)
	}
	b.typeInto(field, "!")
	time.Sleep(budget(2 * time.Second))
	if got := savedText(t, e, ana, q.ID); got != "Ana's words" {
		t.Fatalf("the store holds %q, want Ana's text untouched", got)
	}
	if got := unsavedCopy(b, q.ID); got != "Bruno's words!" {
		t.Fatalf("the browser keeps %q of Bruno's text", got)
	}
	b.do(chromedp.KeyEvent(kb.Backspace))

	// Both texts side by side; Bruno merges them into his and keeps it.
	b.press(stateSel(q.ID) + " [data-compare]")
	b.waitFor(".theirs")
	if got := b.text(".theirs"); !strings.Contains(got, "Ana's words") || !strings.Contains(got, "Ana") {
		t.Fatalf("the other version shows %q", got)
	}
	if got := b.value(field); got != "Bruno's words" {
		t.Fatalf("Bruno's own text shows as %q", got)
	}
	b.typeInto(field, " and Ana's words")
	b.tabTo(fmt.Sprintf("#q-%d-resolve-mine", q.ID))
	b.keys(" ")
	b.press(`button[value="continue"]`)
	b.waitPage("check")
	if got := savedText(t, e, bruno, q.ID); got != "Bruno's words and Ana's words" {
		t.Fatalf("after the merge the store holds %q", got)
	}
	a.do(chromedp.Reload())
	a.waitText(fmt.Sprintf("#q-%d-last", q.ID), "Bruno")
}
