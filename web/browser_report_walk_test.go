package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// From answers to a published report, in French and in Arabic: a Co-Chair
// quotes answers on a question page, creates a theme and tags an answer
// with it, translates an answer, writes the report's introduction and
// downloads the report as a Word document and as a printable page; an
// administrator closes the consultation and publishes its results; a
// visitor without script reads them. Nothing given for the Co-Chairs only,
// and nothing that names the anonymous State, reaches the public report or
// the results page. axe-core checks the pages on the way.
func TestBrowserFromAnswersToPublishedResults(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"fr", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			walkToPublishedResults(t, &audit{t: t, axe: axe, dir: dir, lang: l}, l)
		})
	}
}

func walkToPublishedResults(t *testing.T, a *audit, l string) {
	e, _ := newBrowserEnv(t)
	named := e.submit(domain.AudienceStatesParties, "CO", "Colombia", domain.AttributionNamed, "We count every survivor.")
	anonymous := e.submit(domain.AudienceStatesParties, "KH", "Cambodia", domain.AttributionAnonymous, "Words of an anonymous State.")
	e.submit(domain.AudienceStatesParties, "PE", "Peru", domain.AttributionConfidential, "Words for the Co-Chairs only.")
	q := e.questions(domain.AudienceStatesParties)[0]
	secret := e.enrolledAdmin()
	e.createCoChair()
	words := map[string][3]string{ // a theme, a translation, an introduction
		"fr": {"Collecte de données", "Nous comptons chaque survivant.", "Les coprésidents ont entendu trois États."},
		"ar": {"جمع البيانات", "نحن نحصي كل ناجٍ.", "استمع الرئيسان المشاركان إلى ثلاث دول."},
	}[l]

	// The Co-Chair, on the first question's page.
	chair := newTab(t, e.URL, true)
	signInCoChair(chair, l)
	question := fmt.Sprintf("/review/c/%s/q/1?audience=states-parties", e.c.Slug)
	chair.open(question)
	chair.waitPage("review_question")
	a.check(chair, "walk-question")
	for _, p := range []*store.Principal{named, anonymous} {
		chair.pressAndLoad(fmt.Sprintf(`#answer-%d .quote-actions form:not(.quote-passage) button`, p.ResponseID))
		waitCount(t, e, `SELECT count(*) FROM quotes WHERE response_id = `+fmt.Sprint(p.ResponseID), 1)
	}
	chair.open(question)
	chair.waitPage("review_question")
	chair.typeInto("#name", words[0])
	chair.pressAndLoad(`form[action*="/themes"] button.secondary`)
	waitCount(t, e, `SELECT count(*) FROM themes`, 1)
	chair.open(question)
	chair.waitPage("review_question")
	chair.pressAndLoad(fmt.Sprintf(`#answer-%d form.inline-form button`, named.ResponseID))
	waitCount(t, e, `SELECT count(*) FROM answer_themes`, 1)

	// A translation of Colombia's answer into the report's language.
	chair.open(question)
	chair.waitPage("review_question")
	chair.press(fmt.Sprintf(`a[href="/review/c/%s/answers/%d/%d/translations"]`, e.c.Slug, named.ResponseID, q.ID))
	chair.waitPage("review_translations")
	chair.typeInto("#text-"+l, words[1])
	chair.pressAndLoad(fmt.Sprintf(`#tr-%s form button[type="submit"]`, l))
	chair.waitFor(".notice")

	// The report: its introduction, then both files.
	chair.open("/review/c/" + e.c.Slug)
	chair.waitPage("review_dashboard")
	chair.press(`a[href="/review/c/` + e.c.Slug + `/report?in=` + l + `"]`)
	chair.waitPage("review_report")
	chair.typeInto("#introduction", words[2])
	chair.pressAndLoad(`form[action="/review/c/` + e.c.Slug + `/report"] button[type="submit"]`)
	chair.waitFor(".notice")
	a.check(chair, "walk-report")
	html := fetchLink(t, chair, `a[href*="format=html"]`)
	for _, want := range []string{`lang="` + l + `"`, words[2], "We count every survivor.", words[1], words[0], "Words of an anonymous State."} {
		if !strings.Contains(html, want) {
			t.Errorf("the printable report lacks %q", want)
		}
	}
	docx := docxTextOf(t, fetchLink(t, chair, `a[href*="format=docx"]`))
	for _, want := range []string{words[2], "We count every survivor.", words[1], "Words of an anonymous State."} {
		if !strings.Contains(docx, want) {
			t.Errorf("the Word report lacks %q", want)
		}
	}
	for name, file := range map[string]string{"printable report": html, "Word report": docx} {
		for _, leak := range []string{"Words for the Co-Chairs only.", "Cambodia", "Cambodge", "كمبوديا", "Peru"} {
			if strings.Contains(file, leak) {
				t.Errorf("the public %s holds %q", name, leak)
			}
		}
	}

	// The administrator closes the consultation and publishes its results.
	admin := newTab(t, e.URL, true)
	signInAdmin(admin, secret, "/admin/c/"+e.c.Slug+"?lang="+l, "admin_consultation")
	admin.pressAndLoad("#set-closed")
	admin.waitFor("#set-published")
	admin.pressAndLoad("#set-published")
	admin.waitFor(".status-published")

	// A visitor, without script, from the consultation's page.
	visitor := newTab(t, e.URL, false)
	va := &audit{t: t, axe: a.axe, dir: a.dir, lang: l, noScript: true}
	visitor.open("/c/" + e.c.Slug + "?lang=" + l)
	visitor.waitPage("consultation")
	visitor.press(`a[href="/c/` + e.c.Slug + `/results"]`)
	visitor.waitPage("results")
	va.check(visitor, "walk-results")
	page := visitor.text("main")
	for _, want := range []string{"We count every survivor.", "Words of an anonymous State.", words[0], "Colombia"} {
		if !strings.Contains(page, want) {
			t.Errorf("the results page lacks %q", want)
		}
	}
	for _, leak := range []string{"Words for the Co-Chairs only.", "Cambodia", "Cambodge", "كمبوديا", "Peru", "Pérou", "بيرو"} {
		if strings.Contains(page, leak) {
			t.Errorf("the results page holds %q", leak)
		}
	}
}

// waitCount waits until a count of rows reaches want.
func waitCount(t *testing.T, e *env, sql string, want int) {
	t.Helper()
	deadline := time.Now().Add(budget(waitBudget))
	for {
		n := e.count(sql)
		if n == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s = %d, want %d", sql, n, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// fetchLink fetches the address of the link sel with the tab's session,
// as its download would, and returns the body.
func fetchLink(t *testing.T, tb *tab, sel string) string {
	t.Helper()
	js := fmt.Sprintf(`fetch(document.querySelector(%q).href).then(r => r.arrayBuffer()).then(b => {
		let s = ""; const u = new Uint8Array(b);
		for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
		return btoa(s); })`, sel)
	b64, err := runStep(tb, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("fetch %s: %v", sel, err)
	}
	b, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// docxTextOf returns the text of a Word document's body, its XML markup
// left in: enough to find words in it.
func docxTextOf(t *testing.T, file string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader([]byte(file)), int64(len(file)))
	if err != nil {
		t.Fatalf("the Word report is not a zip package: %v", err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return string(b)
		}
	}
	t.Fatal("the Word report has no word/document.xml")
	return ""
}
