package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// A Co-Chair opens an answer's translations from the question page and
// types a translation with the keyboard, in English and in Arabic; axe-core
// checks the page before and after.
func TestBrowserTranslationsPage(t *testing.T) {
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
			p := e.submit(domain.AudienceStatesParties, "CO", "Colombia", domain.AttributionNamed, "Contamos a cada sobreviviente.")
			q := e.questions(domain.AudienceStatesParties)[0]
			e.createCoChair()
			tb := newTab(t, e.URL, true)
			signInCoChair(tb, l)
			tb.open(fmt.Sprintf("/review/c/%s/q/1?audience=states-parties", e.c.Slug))
			tb.waitPage("review_question")
			link := fmt.Sprintf("/review/c/%s/answers/%d/%d/translations", e.c.Slug, p.ResponseID, q.ID)
			tb.press(`a[href="` + link + `"]`)
			tb.waitPage("review_translations")
			a.check(tb, "translations")
			tb.typeInto("#text-fr", "Nous comptons chaque survivant.")
			tb.press(`#tr-fr button[type="submit"]`)
			tb.waitFor(".notice")
			a.check(tb, "translations-saved")
			if got := tb.value("#text-fr"); got != "Nous comptons chaque survivant." {
				t.Fatalf("the French translation reads %q", got)
			}
		})
	}
}
