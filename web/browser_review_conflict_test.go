package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// A Co-Chair saves key points that a colleague changed meanwhile, by
// keyboard: the page refuses, puts the problem first and in focus, shows
// both texts with labels saying whose is whose, passes axe, and saves the
// merged text. In English without JavaScript; in Arabic (right to left)
// with it, where axe runs.
func TestBrowserKeyPointsConflict(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang string
		js   bool
	}{{"en", false}, {"ar", true}} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			keyPointsConflict(t, &audit{t: t, axe: axe, dir: dir, lang: tc.lang}, tc.lang, tc.js)
		})
	}
}

func keyPointsConflict(t *testing.T, a *audit, lang string, js bool) {
	e, _ := newBrowserEnv(t)
	ctx := context.Background()
	q1 := e.questions(domain.AudienceSurvivors)[0]
	ana, err := e.st.CreateReviewer(ctx, store.NewReviewer{Email: "ana@example.org", Name: "Ana Chair",
		Role: store.RoleCoChair, Password: reviewerPassword}, "cli")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateReviewer(ctx, store.NewReviewer{Email: "ben@example.org", Name: "Ben Chair",
		Role: store.RoleCoChair, Password: reviewerPassword}, "cli"); err != nil {
		t.Fatal(err)
	}

	tb := newTab(t, e.URL, js)
	tb.open("/review/signin?lang=" + lang)
	tb.waitPage("review_signin")
	tb.typeInto("#email", "ben@example.org")
	tb.typeInto("#password", reviewerPassword)
	tb.press(`form[action="/review/signin"] button[type="submit"]`)
	tb.waitPage("review_home")
	tb.open("/review/c/" + e.c.Slug + "/q/1?audience=survivors")
	tb.waitPage("review_question")

	// Ana saves while Ben writes.
	if _, err := e.st.SetKeyPoints(ctx, ana.Actor(), q1.ID, 0, "Survivors are rarely asked."); err != nil {
		t.Fatal(err)
	}
	tb.typeInto("#keypoints", "States report services, not outcomes.")
	tb.press(`form[action*="/keypoints?"] button[type="submit"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	if js && tb.eval(`String(document.activeElement.matches("[data-error-summary]"))`) != "true" {
		t.Errorf("focus is on %s, want the error summary", tb.eval(`document.activeElement.outerHTML.slice(0, 80)`))
	}
	if got := tb.value("#keypoints"); got != "States report services, not outcomes." {
		t.Errorf("my text = %q, want it kept as typed", got)
	}
	if got := tb.text(".theirs .answer-text"); got != "Survivors are rarely asked." {
		t.Errorf("their text = %q", got)
	}
	if got := tb.text("#keypoints-theirs"); !strings.Contains(got, "Ana Chair") {
		t.Errorf("their heading = %q, want Ana Chair named", got)
	}
	if got := tb.eval(`document.querySelector('label[for="keypoints"]').textContent`); got == "" {
		t.Error("my text has no label")
	}
	if js { // axe is a script
		a.check(tb, "review-keypoints-conflict")
	}

	// Merge: my text after theirs, saved on the version shown.
	tb.tabTo("#keypoints")
	tb.do(chromedp.KeyEvent(kb.Home, chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	tb.keys("Survivors are rarely asked.\n\n")
	tb.press(`form[action*="/keypoints?"] button[type="submit"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(".notice")))
	tb.waitPage("review_question")
	kp, err := e.st.FindKeyPoints(ctx, q1.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Survivors are rarely asked.\n\nStates report services, not outcomes."; kp.Text != want || kp.Version != 2 {
		t.Fatalf("key points = %q v%d, want %q v2", kp.Text, kp.Version, want)
	}
	if got := tb.text(".panel.keypoints"); !strings.Contains(got, "States report services") {
		t.Errorf("page shows %q, want the merged key points", got)
	}
}
