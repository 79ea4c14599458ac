package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/store/domain"
)

const statusSel = "[data-autosave-status]"

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

	// Type, wait for the polite "Saved at", reload: the text is there.
	tb.typeInto(field, "First part")
	tb.waitText(statusSel, "Saved at")
	if got := tb.eval(`document.querySelector("[data-autosave-status]").getAttribute("role")`); got != "status" {
		t.Fatalf("the autosave status has role %q, want status", got)
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
	tb.waitText(statusSel, "Not saved yet")
	if kept := tb.eval(`JSON.stringify(localStorage)`); !strings.Contains(kept, "First part, second part") {
		t.Fatalf("the browser kept no copy of the unsaved text: %s", kept)
	}
	if got := savedText(t, e, token, q.ID); got != "First part" {
		t.Fatalf("while cut off the store holds %q", got)
	}

	// Bring it back: the save goes through by itself, nothing lost.
	live.restart()
	tb.waitText(statusSel, "Saved at")
	if got := savedText(t, e, token, q.ID); got != "First part, second part" {
		t.Fatalf("after the server came back the store holds %q", got)
	}
	if kept := tb.eval(`JSON.stringify(localStorage)`); strings.Contains(kept, "second part") {
		t.Fatalf("the browser still keeps a copy after the save: %s", kept)
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
	tb.waitText(statusSel, "Not saved yet")
	tb.do(chromedp.Navigate("about:blank"))
	live.restart()
	tb.open("/respond")
	tb.waitPage("respond")
	tb.waitText(statusSel, "Saved at")
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
	a.waitText(statusSel, "Saved at")
	b.typeInto(field, "Bruno's words")
	b.waitText(statusSel, "Someone else changed question 1")
	if got := savedText(t, e, ana, q.ID); got != "Ana's words" {
		t.Fatalf("the store holds %q, want Ana's text untouched", got)
	}

	// Both texts side by side; Bruno merges them into his and keeps it.
	b.press("[data-compare]")
	b.do(chromedp.WaitVisible(chromedp.CSS(".theirs")))
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
