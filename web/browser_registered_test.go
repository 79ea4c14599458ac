package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/internal/smtptest"
	"github.com/vaconsult/vaconsult/mail"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/locales"
)

// accessTokenRE is an access token as issued: seven groups of four
// characters without look-alikes.
var accessTokenRE = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){6}$`)

// A person who registers with an email address keeps their link three
// ways on the page that shows it: the link to copy, a text file to
// download (a form's POST: the token is in no address and no log) and an
// email, sent through the queue, whose new link replaces the one shown.
// In English and Arabic, under axe-core.
func TestBrowserRegisteredKeepsTheLink(t *testing.T) {
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
			logs := &lockedBuffer{}
			h, err := app.Router(app.RouterConfig{Store: e.st, Logger: slog.New(slog.NewTextHandler(logs, nil)), MailEnabled: true})
			if err != nil {
				t.Fatal(err)
			}
			e.URL = "http://" + startLive(t, h).addr
			tb := newTab(t, e.URL, true)
			tb.open("/c/" + e.c.Slug + "/register?lang=" + l)
			tb.waitPage("register")
			tb.eval(`document.getElementById("name").value = "Survivors Network";
				document.getElementById("country").value = "CO";
				document.getElementById("contributor").value = "Ana";
				document.getElementById("email").value = "ana@example.org"; ""`)
			click(tb, `form button[type="submit"]`)
			tb.waitPage("registered")
			a.check(tb, "registered-keep")
			link := tb.value("#access-link")
			token := strings.TrimPrefix(link, e.URL+"/r/")
			if !accessTokenRE.MatchString(token) {
				t.Fatalf("access link %q: want seven groups of four typable characters", link)
			}

			// The download: a text file with the link, from a form's POST.
			downloads := t.TempDir()
			tb.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				c := chromedp.FromContext(ctx)
				_, err := cdp.Call(ctx, c.Browser, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
					Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads, BrowserContextID: c.BrowserContextID})
				return err
			}))
			tb.press(`form[action="/respond/registered/link/download"] button`)
			file := waitFile(t, filepath.Join(downloads, "access-link.txt"))
			if !strings.Contains(file, link+"\r\n") || !strings.Contains(file, "Survivors Network") {
				t.Fatalf("the downloaded file lacks the link or the name:\n%s", file)
			}

			// The email, in the page's language.
			tb.press(`form[action="/respond/registered/link/email"] button`)
			tb.do(chromedp.WaitVisible(chromedp.CSS(".notice")))
			if got := tb.text(".notice"); !strings.Contains(got, "ana@example.org") {
				t.Fatalf("the notice says %q, want the address", got)
			}
			if got := tb.eval(`String(!!document.getElementById("access-link"))`); got != "false" {
				t.Fatalf("the link about to be replaced is still shown")
			}
			a.check(tb, "registered-emailed")
			msgs, err := e.st.FindMessages(context.Background(), store.MessageFilter{Consultation: e.c.Slug})
			if err != nil || len(msgs) != 1 || msgs[0].Email != "ana@example.org" || msgs[0].Language != l {
				t.Fatalf("queued messages = %+v, %v: want one to ana@example.org in %s", msgs, err, l)
			}
			srv := smtptest.Start(t, smtptest.Options{})
			sendQueued(t, e.st, srv.URL(), e.URL, msgs[0].ID)
			got := srv.Wait(t, 1, budget(waitBudget))[0]
			links := got.Links(e.URL + "/r/")
			if len(links) != 1 {
				t.Fatalf("the email holds links %v, want one", links)
			}
			emailed, _, _ := strings.Cut(strings.TrimPrefix(links[0], e.URL+"/r/"), "?")

			// The emailed link opens the answers, typed in small letters
			// without its dashes; the one shown before no longer does.
			other := newTab(t, e.URL, false)
			other.open("/r/" + strings.ToLower(strings.ReplaceAll(emailed, "-", "")))
			other.waitPage("respond")
			old := newTab(t, e.URL, false)
			old.open("/r/" + token)
			old.waitPage("error")

			for _, secret := range []string{token, emailed} {
				if strings.Contains(logs.String(), secret) {
					t.Fatalf("the server's log holds a token:\n%s", logs.String())
				}
			}
		})
	}
}

// sendQueued sends one queued message to the SMTP server at smtpURL, as
// the mail worker does.
func sendQueued(t *testing.T, st *store.Store, smtpURL, baseURL string, id int64) {
	t.Helper()
	ctx := context.Background()
	cfg, err := mail.ParseConfig(smtpURL, "Secretariat <consult@example.org>")
	if err != nil {
		t.Fatal(err)
	}
	catalogs, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	r := &mail.Renderer{T: func(l, key string, args ...any) string { return locales.NewPrinter(catalogs, l).T(key, args...) }, BaseURL: baseURL}
	o, err := st.BeginSend(ctx, id, 0)
	if err != nil {
		t.Fatalf("begin send: %v", err)
	}
	reply, err := mail.NewSender(cfg).Send(ctx, r.Render(o))
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	if err := st.MarkSent(ctx, id, reply); err != nil {
		t.Fatal(err)
	}
}

func waitFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(budget(waitBudget))
	for {
		b, err := os.ReadFile(path)
		if err == nil && len(b) > 0 {
			return string(b)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no file %s: %v", path, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// lockedBuffer is a log's buffer the server's goroutines write to.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
