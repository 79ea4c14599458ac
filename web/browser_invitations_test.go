package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/vaconsult/vaconsult/internal/lang"
)

// An administrator uploads a list in a real browser, reads the problems in
// the preview, imports the rest and sees the new links once; axe-core
// checks each page, in each of the six languages.
func TestBrowserAdminInvitations(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range lang.Supported {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			a := &audit{t: t, axe: axe, dir: dir, lang: l}
			adminInvitationFlow(t, a, l)
		})
	}
}

func adminInvitationFlow(t *testing.T, a *audit, lang string) {
	e, _ := newBrowserEnv(t)
	secret := e.enrolledAdmin()
	list := filepath.Join(t.TempDir(), "invitations.csv")
	if err := os.WriteFile(list, []byte("audience,name,country,contributor,email,language,region\n"+
		"states-parties,Cambodia,KH,Sok Dara,sok@example.org,en,Asia\n"+
		"survivors,Red de Sobrevivientes,CO,Ana,ana@example.org,es,\n"+
		"states-parties,Atlantis,ZZ,Nobody,nobody,,\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	tb := newTab(t, e.URL, true)
	base := "/admin/c/" + e.c.Slug + "/invitations"
	tb.open(base + "?lang=" + lang)
	tb.waitPage("review_signin")
	tb.eval(fmt.Sprintf(`document.getElementById("email").value = "admin@example.org";
		document.getElementById("password").value = %q; ""`, reviewerPassword))
	click(tb, `form button[type="submit"]`)
	tb.waitPage("review_code")
	code, _ := totp.GenerateCode(secret, time.Now())
	tb.eval(fmt.Sprintf(`document.getElementById("code").value = %q; ""`, code))
	click(tb, `form[action="/review/signin/code"] button`)
	tb.waitPage("admin_invitations")

	click(tb, `form[action$="/preview"] button`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	a.check(tb, "admin-invitations-errors")

	tb.do(chromedp.SetUploadFiles(chromedp.CSS("#list"), []string{list}))
	click(tb, `form[action$="/preview"] button`)
	tb.waitPage("admin_invitations_preview")
	a.check(tb, "admin-invitations-preview")
	if got := tb.eval(`String(document.querySelectorAll(".error-summary li").length)`); got != "1" {
		t.Errorf("the preview's error summary lists %s rows, want the one bad row", got)
	}

	click(tb, "#import")
	tb.waitPage("admin_invitations_links")
	a.check(tb, "admin-invitations-links")
	links := tb.eval(`Array.from(document.querySelectorAll(".link-cell code")).map(c => c.textContent).join(" ")`)
	if n := len(strings.Fields(links)); n != 2 {
		t.Fatalf("the page shows %d links (%q), want one per new person", n, links)
	}
	// Each link opens its respondent's form.
	for _, link := range strings.Fields(links) {
		other := newTab(t, e.URL, false)
		other.open(strings.TrimPrefix(link, e.URL))
		other.waitPage("respond")
	}

	tb.open(base)
	tb.waitPage("admin_invitations")
	a.check(tb, "admin-invitations")
}
