package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/store/domain"
)

// A Co-Chair deletes a theme by keyboard, through plain forms that need
// no script: the page asks first, then says it is deleted and offers to
// undo it, which brings it back on its answers. In English and Arabic,
// under axe-core.
func TestBrowserThemeDeletionAsksAndUndoes(t *testing.T) {
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
			e, _ := newBrowserEnv(t)
			ctx := context.Background()
			named := e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named", "We are asked.")
			q1 := e.questions(domain.AudienceSurvivors)[0]
			th, err := e.st.CreateTheme(ctx, "cli", e.c.ID, "Not consulted")
			if err != nil {
				t.Fatal(err)
			}
			if err := e.st.TagAnswer(ctx, "cli", named.ResponseID, q1.ID, th.ID); err != nil {
				t.Fatal(err)
			}
			e.createCoChair()
			tb := newTab(t, e.URL, true)
			signInCoChair(tb, l)
			tb.open(fmt.Sprintf("/review/c/%s/q/1?audience=survivors", e.c.Slug))
			tb.waitPage("review_question")

			tb.press(fmt.Sprintf("#delete-%d", th.ID))
			tb.do(chromedp.WaitVisible(chromedp.CSS("#confirm-delete")))
			a.check(tb, "review-theme-confirm")
			if themes, _ := e.st.FindThemes(ctx, e.c.ID); len(themes) != 1 {
				t.Fatalf("the theme is gone before the deletion was confirmed")
			}
			tb.press("#confirm-delete")
			tb.do(chromedp.WaitVisible(chromedp.CSS("#undo-delete")))
			a.check(tb, "review-theme-deleted")
			if themes, _ := e.st.FindThemes(ctx, e.c.ID); len(themes) != 0 {
				t.Fatalf("themes after the confirmed deletion = %d, want 0", len(themes))
			}
			tb.press("#undo-delete")
			tb.waitPage("review_question")
			tb.do(chromedp.WaitVisible(chromedp.CSS(".themes li")))
			themes, _ := e.st.FindThemes(ctx, e.c.ID)
			if len(themes) != 1 || themes[0].Name != "Not consulted" || themes[0].Count != 1 {
				t.Fatalf("themes after the undo = %+v, want Not consulted on one answer", themes)
			}
		})
	}
}

// A Co-Chair creates a theme on the consultation's themes page, tags a
// State Party's answer and a survivors' answer with it on their
// questions' pages, and finds them counted per audience, with the pages
// axe-clean, through plain forms.
func TestBrowserThemesAcrossAudiences(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"en", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			themesAcrossAudiences(t, &audit{t: t, axe: axe, dir: dir, lang: l})
		})
	}
}

func themesAcrossAudiences(t *testing.T, a *audit) {
	e, _ := newBrowserEnv(t)
	ctx := context.Background()
	state := e.submit(domain.AudienceStatesParties, "KH", "Cambodia", "named", "We count services delivered.")
	survivor := e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named", "Nobody asks us.")
	e.createCoChair()
	tb := newTab(t, e.URL, true)
	signInCoChair(tb, a.lang)
	tb.open(fmt.Sprintf("/review/c/%s", e.c.Slug))
	tb.waitPage("review_dashboard")
	click(tb, fmt.Sprintf(`a[href="/review/c/%s/themes"]`, e.c.Slug))
	tb.waitPage("review_themes")

	tb.eval(`document.getElementById("name").value = "Data collection"; ""`)
	tb.press(`form[action$="/themes"] button[type="submit"]`)
	tb.waitFor(".themes li")
	themes, err := e.st.FindThemes(ctx, e.c.ID)
	if err != nil || len(themes) != 1 || themes[0].Name != "Data collection" {
		t.Fatalf("themes after creating one = %+v, %v", themes, err)
	}
	th := themes[0]

	for _, tag := range []struct {
		audience domain.Audience
		number   int
		response int64
	}{{domain.AudienceStatesParties, 1, state.ResponseID}, {domain.AudienceSurvivors, 2, survivor.ResponseID}} {
		tb.open(fmt.Sprintf("/review/c/%s/q/%d?audience=%s", e.c.Slug, tag.number, tag.audience))
		tb.waitPage("review_question")
		tb.eval(fmt.Sprintf(`document.getElementById("tag-%d").value = "%d"; ""`, tag.response, th.ID))
		tb.press(fmt.Sprintf(`#answer-%d form[action*="/tag?"] button[type="submit"]`, tag.response))
		tb.waitFor(fmt.Sprintf(`#answer-%d .themes.tagged li`, tag.response))
	}

	tb.open(fmt.Sprintf("/review/c/%s/themes", e.c.Slug))
	tb.waitPage("review_themes")
	a.check(tb, "review-themes")
	row := fmt.Sprintf("#count-%d", th.ID)
	one := "1"
	if got, want := tb.text(row+" td:nth-of-type(1)"), one; got != want {
		t.Errorf("States Parties' answers = %q, want %q", got, want)
	}
	if got, want := tb.text(row+" td:nth-of-type(2)"), one; got != want {
		t.Errorf("survivors' answers = %q, want %q", got, want)
	}
	if got := tb.text(row + " td:nth-of-type(3)"); a.lang == "en" && (!strings.Contains(got, "States 1: 1") || !strings.Contains(got, "Survivors 2: 1")) {
		t.Errorf("by question = %q, want States 1 and Survivors 2 once each", got)
	}
}
