package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// The country view sets the State's answer to each States' question
// beside what the country's survivors said to the question that answers
// back to it, a table per pair, then the questions that stand alone;
// each answer shows its themes. Without JavaScript, in English and
// Arabic, under axe-core.
func TestBrowserCountryViewLinesUpPairs(t *testing.T) {
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
			ctx := context.Background()
			e.submit(domain.AudienceStatesParties, "KH", "Cambodia", "named", "A national database.")
			named := e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named", "We are asked.")
			e.submit(domain.AudienceSurvivors, "KH", "Quiet Organisation", "anonymous", "Rarely.")
			e.submit(domain.AudienceSurvivors, "CO", "Elsewhere Network", "named", "Another country.")
			q1 := e.questions(domain.AudienceSurvivors)[0]
			th, err := e.st.CreateTheme(ctx, "cli", e.c.ID, "Not consulted")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.st.TagAnswer(ctx, "cli", named.ResponseID, q1.ID, th.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := e.st.CreateReviewer(ctx, store.NewReviewer{Email: "ana@example.org", Name: "Ana Chair",
				Role: store.RoleCoChair, Password: reviewerPassword}, "cli"); err != nil {
				t.Fatal(err)
			}
			tb := newTab(t, e.URL, false)
			tb.open("/review/signin?lang=" + l)
			tb.waitPage("review_signin")
			tb.typeInto("#email", "ana@example.org")
			tb.typeInto("#password", reviewerPassword)
			tb.press(`form button[type="submit"]`)
			tb.waitPage("review_home")
			tb.open("/review/c/" + e.c.Slug + "/country/KH")
			tb.waitPage("review_country")
			a.check(tb, "review-country-pairs")

			// Two tables, one per pair, each with a caption and column
			// headers; the State's answer spans the survivors' rows.
			got := tb.eval(`JSON.stringify([...document.querySelectorAll("table.pair")].map(t => ({
				caption: !!t.caption && t.caption.textContent.trim() !== "",
				cols: t.querySelectorAll("thead th[scope=col]").length,
				rows: t.tBodies[0].rows.length,
				state: (t.querySelector("td[rowspan]") || {}).textContent || "",
				span: (t.querySelector("td[rowspan]") || {rowSpan: 0}).rowSpan,
				survivors: [...t.tBodies[0].rows].map(r => r.cells[r.cells.length - 1].textContent).join("|"),
			})))`)
			for _, want := range []string{`"caption":true,"cols":2,"rows":2`, `"span":2`, "A national database.",
				"We are asked.", "Rarely.", "Not consulted"} {
				if !strings.Contains(got, want) {
					t.Errorf("pair tables %s lack %s", got, want)
				}
			}
			if n := strings.Count(got, `"caption":true,"cols":2,"rows":2`); n != 2 {
				t.Errorf("%d pair tables with 2 rows, want 2: %s", n, got)
			}
			if strings.Contains(got, "Another country.") {
				t.Errorf("another country's answer in the pairs: %s", got)
			}
			// The themes sit with the answer they tag: survivors' question 1.
			first := tb.eval(`document.querySelectorAll("table.pair")[0].textContent`)
			second := tb.eval(`document.querySelectorAll("table.pair")[1].textContent`)
			if !strings.Contains(first, "Not consulted") || strings.Contains(second, "Not consulted") {
				t.Errorf("themes: first table %q, second %q; want the theme in the first only", first, second)
			}
			// States' 2 and 3 and survivors' 2 stand alone.
			alone := tb.eval(`JSON.stringify([...document.querySelectorAll("#country-alone ~ * .cq .qnum")].map(e => e.textContent))`)
			if n := strings.Count(alone, `"`); n != 6 {
				t.Errorf("questions standing alone = %s, want 3", alone)
			}
		})
	}
}

// The settings page chooses, by keyboard and without script, the States'
// question each survivors' question answers back to; choosing one twice
// lists the problem, linked to its field. Under axe-core.
func TestBrowserSettingsPairs(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	a := &audit{t: t, axe: axe, dir: dir, lang: "en", noScript: true}
	e, _ := newBrowserEnv(t)
	secret := e.enrolledAdmin()
	tb := newTab(t, e.URL, false)
	tb.open("/admin/c/" + e.c.Slug + "/settings?lang=en")
	tb.waitPage("review_signin")
	tb.typeInto("#email", "admin@example.org")
	tb.typeInto("#password", reviewerPassword)
	tb.press(`form button[type="submit"]`)
	tb.waitPage("review_code")
	code, _ := totp.GenerateCode(secret, time.Now())
	tb.typeInto("#code", code)
	tb.press(`form[action="/review/signin/code"] button`)
	tb.waitPage("admin_settings")
	a.check(tb, "admin-settings-pairs")

	tb.eval(`document.getElementById("pair-3").value = "1"; ""`)
	tb.press("#save")
	tb.waitFor(".error-summary")
	if got := tb.eval(`[...document.querySelectorAll(".error-summary a")].map(a => a.getAttribute("href")).join(" ")`); got != "#pair-3" {
		t.Fatalf("error summary links to %q, want #pair-3", got)
	}
	a.check(tb, "admin-settings-pairs-errors")
}
