package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An administrator removes a junk self-registration in a real browser,
// after a refusal with the box unticked, then reads the removal in the
// audit log; axe-core checks each page, in English and in Arabic.
func TestBrowserAdminRegistrations(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			a := &audit{t: t, axe: axe, dir: dir, lang: lang}
			adminRegistrationsFlow(t, a, lang)
		})
	}
}

func adminRegistrationsFlow(t *testing.T, a *audit, lang string) {
	e, _ := newBrowserEnv(t)
	secret := e.enrolledAdmin()
	e.register("Red de Sobrevivientes", "CO", "Nuestra respuesta.")
	junk := e.register("qwerty", "AF", "spam")

	tb := newTab(t, e.URL, true)
	base := "/admin/c/" + e.c.Slug + "/registrations"
	signInAdmin(tb, secret, base+"?lang="+lang, "admin_registrations")
	a.check(tb, "admin-registrations")

	remove := fmt.Sprintf(`form[action$="/registrations/%d/remove"] button`, junk.RespondentID)
	click(tb, remove)
	tb.waitPage("admin_registrations")
	if got := tb.eval(`String(document.querySelectorAll(".error-summary li").length)`); got != "1" {
		t.Fatalf("the error summary lists %s problems, want the unticked box", got)
	}
	a.check(tb, "admin-registrations-errors")

	click(tb, fmt.Sprintf("#confirm-%d", junk.RespondentID))
	click(tb, remove)
	tb.waitPage("admin_registrations")
	if got := tb.eval(`String(document.querySelectorAll("article.registration").length)`); got != "1" {
		t.Fatalf("registrations listed after the removal = %s, want 1", got)
	}
	if tb.eval(`document.querySelector(".notice") ? "yes" : "no"`) != "yes" {
		t.Error("no notice says the registration was removed")
	}

	click(tb, `a[href$="/audit"]`)
	tb.waitPage("admin_audit")
	a.check(tb, "admin-audit")
	first := tb.eval(`document.querySelector("tbody tr").textContent`)
	if !strings.Contains(first, fmt.Sprintf("respondent:%d", junk.RespondentID)) || !strings.Contains(first, "reviewer:") {
		t.Fatalf("the newest audit entry is %q, want the removal by the administrator", first)
	}
}
