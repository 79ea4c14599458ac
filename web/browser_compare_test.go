package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/vaconsult/vaconsult/store/domain"
)

// The page that compares a person's text with what a colleague saved
// meanwhile chooses nothing for them, says which text is whose, and asks
// for a choice with an error summary when none was made; the choice is
// then made by keyboard. In English and Arabic, under axe-core.
func TestBrowserComparePageAsksForAChoice(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"en", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			a := &audit{t: t, axe: axe, dir: dir, lang: l}
			e, _ := newBrowserEnv(t)
			ana := e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Ana")
			bruno := e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Bruno")
			q := e.questions(domain.AudienceStatesParties)[0]
			field := fmt.Sprintf("#q-%d-text", q.ID)
			// Ana saves without script; Bruno's page, loaded before, sends
			// his text as "Save and come back later" does, set and sent
			// without the page's script, so that no autosave runs first.
			ta, tb := newTab(t, e.URL, false), newTab(t, e.URL, true)
			ta.open("/r/" + ana + "?lang=" + l)
			ta.waitPage("respond")
			tb.open("/r/" + bruno + "?lang=" + l)
			tb.waitPage("respond")

			ta.typeInto(field, "Ana's words")
			ta.press(`button[value="save"]`)
			ta.waitFor(".notice") // saved: the respond page is shown before and after
			tb.eval(fmt.Sprintf(`(() => { const f = document.querySelector(%q); f.value = "Bruno's words";
				const a = document.createElement("input"); a.type = "hidden"; a.name = "action"; a.value = "save";
				f.form.appendChild(a); f.form.submit(); return ""; })()`, field))
			tb.waitFor(".theirs")
			a.check(tb, "compare")
			mine, theirs := fmt.Sprintf("#q-%d-resolve-mine", q.ID), fmt.Sprintf("#q-%d-resolve-theirs", q.ID)
			if got := tb.eval(fmt.Sprintf(`String(document.querySelector(%q).checked || document.querySelector(%q).checked)`, mine, theirs)); got != "false" {
				t.Fatalf("a version is chosen already")
			}
			if got := tb.text(fmt.Sprintf("#q-%d-last", q.ID)); strings.Contains(got, "Ana") {
				t.Fatalf("Bruno's own box says %q", got)
			}
			if got := tb.text(".theirs"); !strings.Contains(got, "Ana") || !strings.Contains(got, "Ana's words") {
				t.Fatalf("the colleague's box says %q", got)
			}

			tb.press(`button[value="continue"]`)
			tb.waitFor(".error-summary a[href=\"" + mine + "\"]")
			a.check(tb, "compare-errors")
			if got := tb.value(field); got != "Bruno's words" {
				t.Fatalf("Bruno's text shows as %q after the error", got)
			}
			if got := tb.text(fmt.Sprintf("#q-%d-resolve-error", q.ID)); !strings.Contains(got, "1") {
				t.Fatalf("the choice's own error says %q", got)
			}
			// With nothing chosen, Tab stops on the group's first radio;
			// the arrow key moves to the other and chooses it.
			tb.tabTo(mine)
			tb.keys(kb.ArrowDown)
			if got := tb.eval(fmt.Sprintf(`String(document.querySelector(%q).checked)`, theirs)); got != "true" {
				t.Fatalf("the arrow key did not choose the colleague's version")
			}
			tb.press(`button[value="continue"]`)
			tb.waitPage("check")
			if got := savedText(t, e, ana, q.ID); got != "Ana's words" {
				t.Fatalf("after keeping Ana's version the store holds %q", got)
			}
		})
	}
}
