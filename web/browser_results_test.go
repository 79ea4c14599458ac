package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An anonymous visitor reads the published results in English, French,
// Spanish and Arabic, with the keyboard and without the page's script,
// follows the link to a named submission and reads its answers; axe-core
// checks both pages in each language.
func TestBrowserResultsPages(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	e, _ := newBrowserEnv(t)
	r := newResultsEnv(e)
	r.publish()
	for _, l := range []string{"en", "fr", "es", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			a := &audit{t: t, axe: axe, dir: dir, lang: l, noScript: true}
			tb := newTab(t, e.URL, false)
			tb.open("/c/" + e.c.Slug + "?lang=" + l)
			tb.waitPage("consultation")
			tb.press(`a[href="/c/` + e.c.Slug + `/results"]`)
			tb.waitPage("results")
			a.check(tb, "results")
			if got := tb.text("main"); strings.Contains(got, "Cambodia") || strings.Contains(got, "Words for the Co-Chairs only.") {
				t.Fatalf("the results page shows an anonymous or confidential respondent:\n%s", got)
			}
			tb.press(`a[href="` + r.submissionPath(r.org) + `"]`)
			tb.waitPage("results_submission")
			a.check(tb, "results-submission")
			if got := tb.text("main"); !strings.Contains(got, "Peruvian network's words.") {
				t.Fatalf("the named submission's page says:\n%s", got)
			}
		})
	}
}
