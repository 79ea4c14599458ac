package web_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/pquerna/otp/totp"

	"github.com/vaconsult/vaconsult/store"
)

// The browser tests drive Debian's headless Chromium against the real
// server. One browser serves the whole package; each test opens its tabs in
// browser contexts of their own, so that cookies and storage are apart.

var (
	browserOnce sync.Once
	browserCtx  context.Context
	browserErr  error
	browserStop = func() {}
)

func TestMain(m *testing.M) {
	var err error
	if timeScale, err = timeScaleFrom(os.Getenv, raceEnabled); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	browserStop()
	os.Exit(code)
}

// Time budgets. Each browser step (a navigation, a key press, a script)
// has a budget of its own, so that a slow step fails where it is slow and
// a test with many steps is not cut short for being long. The budgets grow
// with the machine: see timeScaleFrom.
const (
	stepBudget = 15 * time.Second // one step
	waitBudget = 30 * time.Second // a text awaited by polling
)

// raceEnabled is set by race_test.go when the race detector is on.
var raceEnabled bool

// timeScale multiplies every budget; TestMain sets it.
var timeScale = 1.0

// timeScaleFrom returns how much longer than on a quiet developer machine
// the browser tests may wait: VACONSULT_TEST_TIMEOUT_SCALE (default 1),
// twice that under CI=true (shared, busy runners) and three times under
// the race detector. It fails on a scale that is not a positive number.
func timeScaleFrom(getenv func(string) string, race bool) (float64, error) {
	scale := 1.0
	if v := getenv("VACONSULT_TEST_TIMEOUT_SCALE"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || !(f > 0) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("VACONSULT_TEST_TIMEOUT_SCALE %q: want a positive number, such as 2", v)
		}
		scale = f
	}
	if getenv("CI") == "true" {
		scale *= 2
	}
	if race {
		scale *= 3
	}
	return scale, nil
}

// budget returns d stretched by the time scale.
func budget(d time.Duration) time.Duration { return time.Duration(float64(d) * timeScale) }

// chromiumPath returns the browser to run: $CHROMIUM, or Debian's.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Chromium found: install Debian's chromium package (apt-get install chromium) or set CHROMIUM")
		}
		t.Skip("no Chromium found (apt-get install chromium); under CI=true this is a failure")
	}
	browserOnce.Do(func() {
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("no-first-run", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.WindowSize(1280, 900),
		)
		alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel := chromedp.NewContext(alloc)
		browserErr = chromedp.Do(ctx)
		browserCtx = ctx
		browserStop = func() { cancel(); cancelAlloc() }
	})
	if browserErr != nil {
		t.Fatalf("start Chromium at %s: %v", path, browserErr)
	}
	return browserCtx
}

// tab is one browser tab in a browser context of its own.
type tab struct {
	t      *testing.T
	ctx    context.Context
	base   string
	mu     sync.Mutex
	errors []string // script exceptions and refused content
}

// newTab opens a tab; with js false, the tab runs no script at all.
func newTab(t *testing.T, base string, js bool) *tab {
	t.Helper()
	root := startBrowser(t)
	tb := &tab{t: t, base: base}
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext(), chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	// The first run opens the tab and binds it to the context it is given:
	// that one must have no deadline. Every later step has its budget.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browser: open a tab: %v", err)
	}
	tb.ctx = ctx
	tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled,
			emulation.SetScriptExecutionDisabledParams{Value: !js})
		return err
	}))
	t.Cleanup(func() {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, e := range tb.errors {
			t.Errorf("browser: %s", e)
		}
	})
	return tb
}

func (tb *tab) listen(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "script exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
	case *cdplog.EventEntryAdded:
		if strings.Contains(ev.Entry.Text, "Content Security Policy") {
			msg = "refused by the Content-Security-Policy: " + ev.Entry.Text
		}
	}
	if msg != "" {
		tb.mu.Lock()
		tb.errors = append(tb.errors, msg)
		tb.mu.Unlock()
	}
}

// do runs actions as one step, within the step budget.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, budget(stepBudget))
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
}

// runStep runs one action that returns a value, within the step budget.
func runStep[T any](tb *tab, a chromedp.Action[T]) (T, error) {
	ctx, cancel := context.WithTimeout(tb.ctx, budget(stepBudget))
	defer cancel()
	return chromedp.Run(ctx, a)
}

func (tb *tab) open(path string) { tb.t.Helper(); tb.do(chromedp.Navigate(tb.base + path)) }

// waitPage waits until the page of template name is shown.
func (tb *tab) waitPage(name string) {
	tb.t.Helper()
	tb.do(chromedp.WaitVisible(chromedp.CSS(`body[data-page="` + name + `"]`)))
}

// signInCoChair signs the tab in as the Co-Chair ana@example.org, whom
// createCoChair made, in language l.
func signInCoChair(tb *tab, l string) {
	tb.t.Helper()
	tb.open("/review/signin?lang=" + l)
	tb.waitPage("review_signin")
	tb.eval(fmt.Sprintf(`document.getElementById("email").value = "ana@example.org";
		document.getElementById("password").value = %q; ""`, reviewerPassword))
	click(tb, `form button[type="submit"]`)
	tb.waitPage("review_home")
}

// createCoChair creates the Co-Chair ana@example.org, "Ana Chair".
func (e *env) createCoChair() {
	e.t.Helper()
	if _, err := e.st.CreateReviewer(context.Background(), store.NewReviewer{Email: "ana@example.org", Name: "Ana Chair",
		Role: store.RoleCoChair, Password: reviewerPassword}, "cli"); err != nil {
		e.t.Fatal(err)
	}
}

// signInAdmin opens path, which sends the tab to the sign-in, signs in as
// the administrator admin@example.org with a code of their second factor
// (whose key is secret), and waits for path's page, named page.
func signInAdmin(tb *tab, secret, path, page string) {
	tb.t.Helper()
	tb.open(path)
	tb.waitPage("review_signin")
	tb.eval(fmt.Sprintf(`document.getElementById("email").value = "admin@example.org";
		document.getElementById("password").value = %q; ""`, reviewerPassword))
	click(tb, `form button[type="submit"]`)
	tb.waitPage("review_code")
	code, _ := totp.GenerateCode(secret, time.Now())
	tb.eval(fmt.Sprintf(`document.getElementById("code").value = %q; ""`, code))
	click(tb, `form[action="/review/signin/code"] button`)
	tb.waitPage(page)
}

// pressAndLoad presses a button or link that loads another page (a form
// sent, a redirect followed) and waits until that page has loaded, so that
// the next step does not start while the browser is still on its way.
func (tb *tab) pressAndLoad(sel string) {
	tb.t.Helper()
	tb.eval(`window.vaconsultLeaving = true; ""`)
	tb.press(sel)
	deadline := time.Now().Add(budget(waitBudget))
	for {
		loaded, err := runStep(tb, chromedp.Evaluate[bool](`!window.vaconsultLeaving && document.readyState === "complete"`))
		if err == nil && loaded {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("browser: pressing %s loaded no page (%v)", sel, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitFor waits until an element that matches sel is shown, for an element
// the page before did not have. It asks the page afresh each time rather
// than watching one document, so that a navigation under way (a form sent
// by script) cannot leave it waiting on a document that is gone.
func (tb *tab) waitFor(sel string) {
	tb.t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q);
		return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden"; })()`, sel)
	deadline := time.Now().Add(budget(waitBudget))
	for {
		shown, err := runStep(tb, chromedp.Evaluate[bool](js))
		if err == nil && shown {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("browser: %s is not shown (%v)", sel, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (tb *tab) eval(js string) string {
	tb.t.Helper()
	s, err := runStep(tb, chromedp.Evaluate[string](js))
	if err != nil {
		tb.t.Fatalf("browser: %s: %v", js, err)
	}
	return s
}

func (tb *tab) value(sel string) string {
	tb.t.Helper()
	return tb.eval(fmt.Sprintf(`document.querySelector(%q).value`, sel))
}

func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return tb.eval(fmt.Sprintf(`document.querySelector(%q).textContent`, sel))
}

// waitText waits until the element's text contains want.
func (tb *tab) waitText(sel, want string) {
	tb.t.Helper()
	deadline := time.Now().Add(budget(waitBudget))
	for {
		got := tb.eval(fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel))
		if strings.Contains(got, want) {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s says %q, want %q", sel, got, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Keyboard only: the tests move with Tab, choose with Space and the arrow
// keys, and press buttons and links with Enter.

// tabTo presses Tab until the focus is on an element that matches sel.
func (tb *tab) tabTo(sel string) {
	tb.t.Helper()
	for range 80 {
		if tb.eval(fmt.Sprintf(`String(!!document.activeElement && document.activeElement.matches(%q))`, sel)) == "true" {
			return
		}
		tb.do(chromedp.KeyEvent(kb.Tab))
	}
	tb.t.Fatalf("Tab never reached %s", sel)
}

func (tb *tab) keys(s string) { tb.t.Helper(); tb.do(chromedp.KeyEvent(s)) }

// typeInto moves to a field with Tab and types at the end of its text.
func (tb *tab) typeInto(sel, s string) {
	tb.t.Helper()
	tb.tabTo(sel)
	tb.do(chromedp.KeyEvent(kb.End, chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	tb.keys(s)
}

// press moves to a button or link with Tab and presses Enter.
func (tb *tab) press(sel string) {
	tb.t.Helper()
	tb.tabTo(sel)
	tb.keys(kb.Enter)
}

// liveServer is the real server on a port of its own, which a test can cut
// off and bring back on the same address.
type liveServer struct {
	t    *testing.T
	h    http.Handler
	addr string
	mu   sync.Mutex
	srv  *http.Server
}

func startLive(t *testing.T, h http.Handler) *liveServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &liveServer{t: t, h: h, addr: l.Addr().String()}
	s.serve(l)
	t.Cleanup(s.stop)
	return s
}

func (s *liveServer) serve(l net.Listener) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.srv = &http.Server{Handler: s.h, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(l)
}

// stop closes the listener and every connection at once.
func (s *liveServer) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.srv.Close()
}

// restart serves again on the same address.
func (s *liveServer) restart() {
	s.t.Helper()
	var l net.Listener
	var err error
	for range 50 {
		if l, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatalf("listen again on %s: %v", s.addr, err)
	}
	s.serve(l)
}

// newBrowserEnv runs the real server for the browser.
func newBrowserEnv(t *testing.T) (*env, *liveServer) {
	t.Helper()
	e := newStoreEnv(t)
	live := startLive(t, e.handler())
	e.URL = "http://" + live.addr
	return e, live
}

// repoRoot is the folder of go.mod, above the test's working folder.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working folder")
		}
		dir = parent
	}
}

var errNoAxe = errors.New("axe-core is missing: run npm ci at the repository root")

func TestTimeScale(t *testing.T) {
	tests := []struct {
		env  map[string]string
		race bool
		want float64
	}{
		{nil, false, 1},
		{map[string]string{"VACONSULT_TEST_TIMEOUT_SCALE": "2.5"}, false, 2.5},
		{map[string]string{"CI": "true"}, false, 2},
		{nil, true, 3},
		{map[string]string{"CI": "true", "VACONSULT_TEST_TIMEOUT_SCALE": "1.5"}, true, 9},
	}
	for _, tt := range tests {
		got, err := timeScaleFrom(func(k string) string { return tt.env[k] }, tt.race)
		if err != nil || got != tt.want {
			t.Errorf("timeScaleFrom(%v, race %t) = %v, %v; want %v", tt.env, tt.race, got, err, tt.want)
		}
	}
	for _, bad := range []string{"0", "-1", "fast", "NaN", "+Inf"} {
		if _, err := timeScaleFrom(func(k string) string {
			if k == "VACONSULT_TEST_TIMEOUT_SCALE" {
				return bad
			}
			return ""
		}, false); err == nil {
			t.Errorf("VACONSULT_TEST_TIMEOUT_SCALE=%s accepted, want an error", bad)
		}
	}
	if got, want := budget(stepBudget), time.Duration(float64(stepBudget)*timeScale); got != want {
		t.Errorf("budget(%v) = %v, want %v", stepBudget, got, want)
	}
}
