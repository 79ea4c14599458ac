package web_test

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/web/paths"
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

// openInvitationsAsAdmin signs the enrolled administrator in, in a new
// tab, and opens the consultation's invitations page in lang.
func openInvitationsAsAdmin(t *testing.T, e *env, secret, lang string) *tab {
	t.Helper()
	tb := newTab(t, e.URL, true)
	signInAdmin(tb, secret, "/admin/c/"+e.c.Slug+"/invitations?lang="+lang, "admin_invitations")
	return tb
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

	base := "/admin/c/" + e.c.Slug + "/invitations"
	tb := openInvitationsAsAdmin(t, e, secret, lang)

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

// Where email is configured, an administrator imports a list in a real
// browser with the sending option, checked already; the result says how
// many invitations are queued, links to the messages page and shows only
// the link of the person without an address. axe-core checks both pages,
// left to right and right to left.
func TestBrowserAdminInvitationsByEmail(t *testing.T) {
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
			e := newStoreEnv(t)
			h, err := app.Router(app.RouterConfig{Store: e.st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), MailEnabled: true})
			if err != nil {
				t.Fatal(err)
			}
			e.URL = "http://" + startLive(t, h).addr
			list := filepath.Join(t.TempDir(), "invitations.csv")
			if err := os.WriteFile(list, []byte(sendList), 0o644); err != nil {
				t.Fatal(err)
			}
			tb := openInvitationsAsAdmin(t, e, e.enrolledAdmin(), l)
			tb.do(chromedp.SetUploadFiles(chromedp.CSS("#list"), []string{list}))
			click(tb, `form[action$="/preview"] button`)
			tb.waitPage("admin_invitations_preview")
			a.check(tb, "admin-invitations-send")
			if got := tb.eval(`String(document.getElementById("send").checked)`); got != "true" {
				t.Fatalf("the sending option is checked: %s, want true", got)
			}

			click(tb, "#import")
			tb.waitPage("admin_invitations_links")
			a.check(tb, "admin-invitations-queued")
			if got, want := tb.eval(`document.querySelector("#queued a").getAttribute("href")`), paths.Messages(e.c.Slug); got != want {
				t.Errorf("the queued notice links to %q, want %q", got, want)
			}
			if got := tb.eval(`String(document.querySelectorAll(".link-cell code").length)`); got != "1" {
				t.Errorf("the page shows %s links, want the one of the person without an address", got)
			}
			if got := e.queuedInvitations(); len(got) != 2 {
				t.Errorf("queued invitations = %q, want 2", got)
			}
		})
	}
}
