package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The dashboard's pages of respondents, under axe-core, without
// JavaScript, in English and Arabic: the link to the next page lists the
// next respondents, and the keyboard follows its link back to the first.
func TestBrowserDashboardPages(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"en", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			a := &audit{t: t, axe: axe, dir: dir, lang: l, noScript: true}
			e, _ := newBrowserEnv(t)
			if _, err := e.st.Pool().Exec(context.Background(), `INSERT INTO respondents
					(consultation_id, question_set_id, audience, kind, name, country, verified)
				SELECT qs.consultation_id, qs.id, qs.audience, 'organisation', 'Network ' || lpad(i::text, 3, '0'), 'KH', true
				FROM question_sets qs, generate_series(1, 210) i
				WHERE qs.consultation_id = $1 AND qs.audience = 'survivors'`, e.c.ID); err != nil {
				t.Fatal(err)
			}
			e.createCoChair()
			tb := newTab(t, e.URL, false)
			signInCoChair(tb, l)
			tb.open("/review/c/" + e.c.Slug + "?lang=" + l)
			tb.waitPage("review_dashboard")
			// The first page's 200 rows are the second's markup again:
			// axe checks the second, whose navigation is the same.
			tb.open(tb.eval(`document.querySelector('a[rel="next"]').getAttribute("href")`))
			tb.waitPage("review_dashboard")
			a.check(tb, "review-dashboard-next-page")
			if first := tb.text("table.respondents tbody th"); !strings.Contains(first, "Network 201") {
				t.Errorf("the next page starts with %q, want Network 201", first)
			}
			if tb.eval(`String(document.querySelectorAll('a[rel="next"]').length)`) != "0" {
				t.Error("the last page links to a next one")
			}
			tb.pressAndLoad(`nav a[href$="#respondents"]`)
			tb.waitPage("review_dashboard")
			if first := tb.text("table.respondents tbody th"); !strings.Contains(first, "Network 001") {
				t.Errorf("the first page starts with %q, want Network 001", first)
			}
		})
	}
}
