package web_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// A Co-Chair writes the report's introduction with the keyboard, in French
// and in Arabic, saves it and finds the report's downloads in that
// language; axe-core checks the page before and after.
func TestBrowserReportPage(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"fr", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			a := &audit{t: t, axe: axe, dir: dir, lang: l}
			e, _ := newBrowserEnv(t)
			e.submit(domain.AudienceStatesParties, "CO", "Colombia", domain.AttributionNamed, "Colombia counts every survivor.")
			e.createCoChair()
			tb := newTab(t, e.URL, true)
			signInCoChair(tb, l)
			tb.open("/review/c/" + e.c.Slug)
			tb.waitPage("review_dashboard")
			tb.press(`a[href="/review/c/` + e.c.Slug + `/report?in=` + l + `"]`)
			tb.waitPage("review_report")
			a.check(tb, "report")
			intro := map[string]string{"fr": "Les coprésidents ont entendu.", "ar": "استمع الرئيسان المشاركان."}[l]
			tb.typeInto("#introduction", intro)
			tb.press(`form[action="/review/c/` + e.c.Slug + `/report"] button[type="submit"]`)
			tb.waitFor(".notice")
			a.check(tb, "report-saved")
			if got := tb.value("#introduction"); got != intro {
				t.Fatalf("the introduction reads %q after saving", got)
			}
			if got := tb.eval(`document.querySelector('a[href*="format=docx"]').getAttribute("href")`); got != "/review/c/"+e.c.Slug+"/export?format=docx&variant=public&in="+l {
				t.Fatalf("the Word report's link is %q", got)
			}
		})
	}
}
