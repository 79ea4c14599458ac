package web_test

import (
	"os"
	"path/filepath"
	"testing"
)

// The question set to print, reached from the consultation's page with the
// keyboard and without script, in English and in Arabic, under axe-core.
func TestBrowserQuestionnaireToPrint(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	e, _ := newBrowserEnv(t)
	for _, l := range []string{"en", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			a := &audit{t: t, axe: axe, dir: dir, lang: l, noScript: true}
			tb := newTab(t, e.URL, false)
			tb.open("/c/" + e.c.Slug + "?lang=" + l)
			tb.waitPage("consultation")
			a.check(tb, "consultation-offline-links")
			tb.press(`a[href="/c/` + e.c.Slug + `/questionnaire/survivors"]`)
			tb.waitPage("questionnaire")
			a.check(tb, "questionnaire")
			if n := tb.eval(`String(document.querySelectorAll(".writing-space").length)`); n != "3" {
				t.Fatalf("%s spaces to write in, want one per question", n)
			}
		})
	}
}
