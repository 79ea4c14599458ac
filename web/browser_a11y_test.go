package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// axeSource returns axe-core, as npm ci puts it in node_modules.
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v: %v", errNoAxe, err)
		}
		t.Skipf("%v (under CI=true this is a failure)", errNoAxe)
	}
	return string(b)
}

type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeRun checks the page against WCAG 2.0, 2.1 and 2.2 at levels A and AA,
// and axe's best practices. Only violations are wanted: axe then spares
// describing every passing element.
const axeRun = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
		"wcag22a", "wcag22aa", "best-practice"]}, resultTypes: ["violations"]})
	.then(r => r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))`

// audit checks the page shown in tb with axe-core, checks that it reflows
// at 320 CSS pixels without scrolling sideways, and writes a screenshot.
// A narrow audit runs in a tab already 320 pixels wide, and takes no
// screenshot.
type audit struct {
	t      *testing.T
	axe    string
	dir    string
	lang   string
	n      int
	narrow bool
	// noScript says the tab runs no script: axe's own, which needs
	// timers, is let run for the check only, on the page as it was
	// rendered without script.
	noScript bool
}

func (a *audit) check(tb *tab, name string) {
	a.t.Helper()
	tb.do(chromedp.WaitReady(chromedp.CSS("body[data-page]")))
	start := time.Now()
	defer func() { a.t.Logf("%s: %v", name, time.Since(start)) }()
	a.n++
	if got := tb.eval(`document.documentElement.lang`); got != a.lang {
		a.t.Errorf("%s: page in %q, want %q", name, got, a.lang)
	}
	if a.noScript {
		setScript(tb, true)
		defer setScript(tb, false)
	}
	tb.do(chromedp.Evaluate[chromedp.Void](a.axe))
	found, err := runStep(tb, chromedp.Evaluate[[]violation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		a.t.Fatalf("%s: axe: %v", name, err)
	}
	for _, v := range found {
		a.t.Errorf("%s (%s): axe %s [%s] %s at %s", name, a.lang, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
	}
	if a.narrow {
		if wide := tb.eval(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`); wide != "0" {
			a.t.Errorf("%s (%s): at 320 px the page is %s px wider than the screen", name, a.lang, wide)
		}
		return
	}
	a.screenshot(tb, name)
	tb.do(chromedp.EmulateViewport(320, 640))
	wide := tb.eval(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`)
	tb.do(chromedp.EmulateViewport(1280, 900))
	if wide != "0" {
		a.t.Errorf("%s (%s): at 320 px the page is %s px wider than the screen", name, a.lang, wide)
	}
}

// screenshot writes the whole page to the screenshots folder when
// VACONSULT_SCREENSHOTS=1 asks for it: a reader checks the layouts by eye
// there, while drawing a tall page costs the browser a quarter of a
// second, a minute and a half over a run.
func (a *audit) screenshot(tb *tab, name string) {
	a.t.Helper()
	if a.dir == "" || os.Getenv("VACONSULT_SCREENSHOTS") != "1" {
		return
	}
	shot, err := runStep(tb, chromedp.FullScreenshot(100))
	if err != nil {
		a.t.Fatalf("%s: screenshot: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(a.dir, fmt.Sprintf("%s-%02d-%s.png", a.lang, a.n, name)), shot, 0o644); err != nil {
		a.t.Fatal(err)
	}
}

// setScript lets the tab run scripts, or stops it.
func setScript(tb *tab, on bool) {
	tb.t.Helper()
	tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	}))
}

// click presses a button by script: this test is about what each page
// shows, the flows test the keyboard.
func click(tb *tab, sel string) {
	tb.t.Helper()
	tb.eval(fmt.Sprintf(`document.querySelector(%q).click(), ""`, sel))
}

func TestBrowserAccessibilityAndScreenshots(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, lang := range lang.Supported {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			a := &audit{t: t, axe: axe, dir: dir, lang: lang}
			everyPage(t, a, lang)
			reviewerPages(t, a, lang)
		})
	}
}

// TestBrowserAccessibilityWithoutScriptAt320 checks, in every language,
// the pages a respondent goes through with JavaScript off on a screen 320
// CSS pixels wide: the form and the check page, with and without errors.
func TestBrowserAccessibilityWithoutScriptAt320(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	for _, l := range lang.Supported {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			e, _ := newBrowserEnv(t)
			a := &audit{t: t, axe: axe, lang: l, narrow: true, noScript: true}
			tb := newTab(t, e.URL, false)
			tb.do(chromedp.EmulateViewport(320, 640))
			tb.open("/?lang=" + l)
			a.check(tb, "home")
			tb.open("/c/" + e.c.Slug + "/register")
			a.check(tb, "register")
			tb.open("/r/" + e.invite(domain.AudienceSurvivors, "CO", "Red de Sobrevivientes", "Ana"))
			tb.waitPage("respond")
			a.check(tb, "respond")
			qs := e.questions(domain.AudienceSurvivors)
			tb.eval(fmt.Sprintf(`document.getElementById("q-%d-text").value = "x".repeat(%d); ""`, qs[1].ID, qs[1].MaxLength+1))
			click(tb, `button[value="continue"]`)
			tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
			a.check(tb, "respond-errors")
			tb.open("/respond/check")
			tb.waitPage("check")
			a.check(tb, "check")
			click(tb, `form[action="/respond/submit"] button`)
			tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
			a.check(tb, "check-errors")
		})
	}
}

func everyPage(t *testing.T, a *audit, lang string) {
	e, _ := newBrowserEnv(t)
	tb := newTab(t, e.URL, true)
	tb.open("/?lang=" + lang)
	a.check(tb, "home")
	tb.open("/c/" + e.c.Slug)
	a.check(tb, "consultation")
	lostLinkPages(tb, a, e)
	tb.open("/c/" + e.c.Slug + "/register")
	a.check(tb, "register")
	click(tb, `form button[type="submit"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	a.check(tb, "register-errors")
	tb.eval(`document.getElementById("name").value = "Survivors Network";
		document.getElementById("country").value = "CO";
		document.getElementById("contributor").value = "Ana"; ""`)
	click(tb, `form button[type="submit"]`)
	tb.waitPage("registered")
	a.check(tb, "registered")

	tb.open("/respond")
	tb.waitPage("respond")
	a.check(tb, "respond")
	qs := e.questions(domain.AudienceSurvivors)
	tb.eval(fmt.Sprintf(`document.getElementById("q-%d-text").value = "x".repeat(%d); ""`, qs[1].ID, qs[1].MaxLength+1))
	click(tb, `button[value="continue"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	a.check(tb, "respond-errors")
	tb.eval(fmt.Sprintf(`document.getElementById("q-%d-text").value = "Short"; ""`, qs[1].ID))
	click(tb, `button[value="save"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".notice")))
	a.check(tb, "respond-saved")

	tb.open("/respond/check")
	a.check(tb, "check")
	click(tb, `form[action="/respond/submit"] button`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	a.check(tb, "check-errors")
	for _, q := range qs {
		if q.TakesChoice() {
			setAnswer(t, e, tb, q, q.Choices[0].Value, "Comment")
		}
	}
	tb.open("/respond/check")
	tb.waitPage("check")
	click(tb, "#attribution-named")
	click(tb, `form[action="/respond/submit"] button`)
	tb.waitPage("confirmation")
	a.check(tb, "confirmation")

	conflictPage(t, a, e, lang)

	// Another respondent's link, opened while this session lasts, asks
	// first; keeping the current session goes back to its form.
	tb.open("/r/" + e.invite(domain.AudienceSurvivors, "CO", "Another Organisation", "Someone Else"))
	tb.waitPage("switch")
	a.check(tb, "switch")
	click(tb, `a.button[href="/respond"]`)
	tb.waitPage("respond")

	tb.open("/nowhere")
	a.check(tb, "not-found")
	tb.open("/r/not-a-token")
	a.check(tb, "bad-link")
	anon := newTab(t, e.URL, true)
	anon.open("/respond?lang=" + lang)
	a.check(anon, "no-session")

	closed := newStoreEnv(t, closedIn2012)
	live := startLive(t, closed.handler())
	closed.URL = "http://" + live.addr
	ctb := newTab(t, closed.URL, true)
	ctb.open("/?lang=" + lang)
	ctb.open("/r/" + closed.invite(domain.AudienceStatesParties, "FR", "France", "Claire"))
	ctb.waitPage("answers")
	a.check(ctb, "closed-answers")
}

// setAnswer fills in a question through the page's form, by script.
func setAnswer(t *testing.T, e *env, tb *tab, q store.Question, choice, text string) {
	t.Helper()
	tb.open("/respond")
	tb.waitPage("respond")
	tb.eval(fmt.Sprintf(`document.querySelector('input[name="q-%d-choice"][value=%q]').checked = true;
		document.getElementById("q-%d-text").value = %q; ""`, q.ID, choice, q.ID, text))
	click(tb, `button[value="save"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".notice")))
}

// conflictPage shows the page where a contributor compares their text
// with another's.
func conflictPage(t *testing.T, a *audit, e *env, lang string) {
	t.Helper()
	first := e.invite(domain.AudienceStatesParties, "JO", "Jordan", "Rania")
	second := e.invite(domain.AudienceStatesParties, "JO", "Jordan", "Omar")
	q := e.questions(domain.AudienceStatesParties)[0]
	tb := newTab(t, e.URL, true)
	tb.open("/?lang=" + lang)
	tb.open("/r/" + second)
	tb.waitPage("respond")
	p, err := e.st.Authenticate(context.Background(), first)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.SaveDraft(context.Background(), p, store.Draft{Version: 0,
		Answers: []store.AnswerInput{{QuestionID: q.ID, Text: "Rania's text\n\nA second paragraph."}}}); err != nil {
		t.Fatal(err)
	}
	tb.eval(fmt.Sprintf(`document.getElementById("q-%d-text").value = "Omar's text"; ""`, q.ID))
	click(tb, `button[value="save"]`)
	tb.waitFor(".theirs")
	a.check(tb, "conflict")
}

// lostLinkPages shows the lost-link form, its error and its answer.
func lostLinkPages(tb *tab, a *audit, e *env) {
	tb.open("/c/" + e.c.Slug + "/lost-link")
	tb.waitPage("lostlink")
	a.check(tb, "lost-link")
	click(tb, `form button[type="submit"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	a.check(tb, "lost-link-errors")
	tb.eval(`document.getElementById("email").value = "someone@example.org"; ""`)
	click(tb, `form button[type="submit"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".notice")))
	a.check(tb, "lost-link-sent")
}
