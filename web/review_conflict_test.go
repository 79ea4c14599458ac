package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// coChair creates a co-chair account with its own address and name and
// signs it in, returning the signed-in browser.
func (e *env) coChair(email, name string) *browser {
	e.t.Helper()
	if _, err := e.st.CreateReviewer(context.Background(), store.NewReviewer{Email: email, Name: name,
		Role: store.RoleCoChair, Password: reviewerPassword}, "cli"); err != nil {
		e.t.Fatalf("create reviewer: %v", err)
	}
	b := e.browser("en")
	form := b.get("/review/signin")
	wantRedirect(e.t, b.post("/review/signin", form, url.Values{"email": {email}, "password": {reviewerPassword}}), "/review")
	return b
}

// formHidden returns the value of the hidden input name inside the form
// that posts to an action containing action.
func formHidden(t *testing.T, p page, action, name string) string {
	t.Helper()
	_, rest, ok := strings.Cut(p.Body, `action="`)
	for ok {
		var tag string
		tag, _, _ = strings.Cut(rest, `"`)
		if strings.Contains(htmlUnescape(tag), action) {
			form, _, _ := strings.Cut(rest, "</form>")
			if v := between(form, `name="`+name+`" value="`, `"`); v != "" {
				return htmlUnescape(v)
			}
		}
		_, rest, ok = strings.Cut(rest, `action="`)
	}
	t.Fatalf("no hidden %q in a form posting to %q:\n%s", name, action, p.Body)
	return ""
}

func keyPointsText(t *testing.T, e *env, questionID int64) string {
	t.Helper()
	kp, err := e.st.FindKeyPoints(context.Background(), questionID)
	if err != nil {
		t.Fatal(err)
	}
	return kp.Text
}

// Two Co-Chairs edit the key points from the same page: the second save is
// refused, shows both texts, and the merged text saves on the new version.
func TestKeyPointsConflictShowsBothTexts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named", "We are asked.")
	ana := e.coChair("ana@example.org", "Ana Chair")
	ben := e.coChair("ben@example.org", "Ben Chair")
	qpath := "/review/c/" + e.c.Slug + "/q/1?audience=survivors"
	action := "/review/c/" + e.c.Slug + "/q/1/keypoints?audience=survivors"
	anaPage, benPage := ana.get(qpath), ben.get(qpath)

	mine := func(p page, text string) url.Values {
		return url.Values{"keypoints": {text}, "keypoints_version": {formHidden(t, p, "/keypoints?", "keypoints_version")}}
	}
	wantRedirect(t, ana.post(action, anaPage, mine(anaPage, "Survivors are rarely asked.")),
		qpath+"&done=1#keypoints-heading")
	stale := ben.post(action, benPage, mine(benPage, "States report services, not outcomes."))
	wantStatus(t, stale, http.StatusConflict)
	wantContains(t, stale, "There is a problem", `href="#keypoints"`,
		"Ana Chair saved other key points on", "while you were writing. Nothing was overwritten",
		"Key points saved by Ana Chair on", "Survivors are rarely asked.",
		"Your text, kept as you typed it (edit it to merge both)", ">States report services, not outcomes.</textarea>")
	if got, want := keyPointsText(t, e, e.questions(domain.AudienceSurvivors)[0].ID), "Survivors are rarely asked."; got != want {
		t.Fatalf("key points after the refused save = %q, want %q", got, want)
	}

	merged := "Survivors are rarely asked.\n\nStates report services, not outcomes."
	wantRedirect(t, ben.post(action, stale, mine(stale, merged)), qpath+"&done=1#keypoints-heading")
	if got := keyPointsText(t, e, e.questions(domain.AudienceSurvivors)[0].ID); got != merged {
		t.Fatalf("key points after the merge = %q, want %q", got, merged)
	}
	// Ana's old page is stale now too: her next save is refused as well.
	wantStatus(t, ana.post(action, anaPage, mine(anaPage, "Something else.")), http.StatusConflict)

	var n int
	if err := e.st.Pool().QueryRow(context.Background(),
		`SELECT count(*) FROM audit_log WHERE action = 'key_points.set'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("key_points.set in the audit log = %d, want 2 (refused saves change nothing)", n)
	}
}

// Theme renames, deletions and creations by two Co-Chairs at once: a
// change based on a stale name is refused and shows the current one.
func TestThemeConflicts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	th, err := e.st.CreateTheme(ctx, "cli", e.c.ID, "Transport")
	if err != nil {
		t.Fatal(err)
	}
	ana := e.coChair("ana@example.org", "Ana Chair")
	ben := e.coChair("ben@example.org", "Ben Chair")
	base := "/review/c/" + e.c.Slug + "/q/1"
	qpath := base + "?audience=survivors"
	rename := base + "/themes/" + itoa(th.ID) + "/rename?audience=survivors"
	del := base + "/themes/" + itoa(th.ID) + "/delete?audience=survivors"
	anaPage, benPage := ana.get(qpath), ben.get(qpath)
	version := func(p page) string { return formHidden(t, p, "/themes/"+itoa(th.ID)+"/rename?", "version") }

	wantRedirect(t, ana.post(rename, anaPage, url.Values{"name": {"Getting there"}, "version": {version(anaPage)}}),
		qpath+"&done=1#themes")
	stale := ben.post(rename, benPage, url.Values{"name": {"Travel"}, "version": {version(benPage)}})
	wantStatus(t, stale, http.StatusConflict)
	wantContains(t, stale, `href="#rename-`+itoa(th.ID)+`"`,
		"Ana Chair renamed this theme to “Getting there” on", "while you were changing it", `value="Travel"`, `<details class="rename noprint" open>`)
	themes, _ := e.st.FindThemes(ctx, e.c.ID)
	if len(themes) != 1 || themes[0].Name != "Getting there" {
		t.Fatalf("themes after the refused rename = %+v, want one named Getting there", themes)
	}
	// A stale delete is refused too: the theme was renamed since.
	gone := ben.post(del, benPage, url.Values{"version": {version(benPage)}, "confirm": {"yes"}})
	wantStatus(t, gone, http.StatusConflict)
	wantContains(t, gone, "Ana Chair renamed this theme to “Getting there” on", "It was not deleted")
	if themes, _ := e.st.FindThemes(ctx, e.c.ID); len(themes) != 1 {
		t.Fatalf("themes after the refused delete = %d, want 1", len(themes))
	}
	// Renamed again from the conflict page, on the version it showed.
	wantRedirect(t, ben.post(rename, stale, url.Values{"name": {"Travel"}, "version": {version(stale)}}), qpath+"&done=1#themes")
	fresh := ben.get(qpath)
	wantRedirect(t, ben.post(del, fresh, url.Values{"version": {version(fresh)}, "confirm": {"yes"}}), qpath+"&deleted="+itoa(th.ID)+"&done=1#themes")
	// Ana's page still offers the theme: it is gone, and nothing breaks.
	wantContains(t, ana.post(del, anaPage, url.Values{"version": {version(anaPage)}}), "This theme no longer exists")

	// Both create the same theme: the second is told whose it is.
	create := base + "/themes?audience=survivors"
	wantRedirect(t, ana.post(create, anaPage, url.Values{"name": {"Cost"}}), qpath+"&done=1#themes")
	dup := ben.post(create, benPage, url.Values{"name": {"cost"}})
	wantStatus(t, dup, http.StatusConflict)
	wantContains(t, dup, "This consultation already has a theme with that name: “Cost”, named by Ana Chair on", `value="cost"`)
}

// Co-Chairs post the key points at once, all from pages of one version:
// exactly one save lands, the others come back as conflicts, none as a
// server error.
func TestKeyPointsConcurrentPostsOneWins(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	q1 := e.questions(domain.AudienceSurvivors)[0]
	if _, err := e.st.SetKeyPoints(context.Background(), "cli", q1.ID, 0, "First draft."); err != nil {
		t.Fatal(err)
	}
	qpath := "/review/c/" + e.c.Slug + "/q/1?audience=survivors"
	action := "/review/c/" + e.c.Slug + "/q/1/keypoints?audience=survivors"
	type poster struct {
		b    *browser
		form url.Values
	}
	var posters []poster
	for _, name := range []string{"ana", "ben", "chloe"} {
		b := e.coChair(name+"@example.org", name)
		p := b.get(qpath)
		for i := range 2 {
			posters = append(posters, poster{b, url.Values{"csrf": {hidden(t, p, "csrf")},
				"keypoints_version": {formHidden(t, p, "/keypoints?", "keypoints_version")},
				"keypoints":         {name + " " + itoa(int64(i))}}})
		}
	}
	statuses := make([]int, len(posters))
	var wg sync.WaitGroup
	for i, p := range posters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = p.b.do("POST", action, p.form).Status
		}()
	}
	wg.Wait()
	won := 0
	for _, s := range statuses {
		switch s {
		case http.StatusSeeOther:
			won++
		case http.StatusConflict:
		default:
			t.Fatalf("statuses = %v, want one 303 and the rest 409", statuses)
		}
	}
	if won != 1 {
		t.Fatalf("statuses = %v, want exactly one 303", statuses)
	}
	kp, err := e.st.FindKeyPoints(context.Background(), q1.ID)
	if err != nil || kp.Version != 2 {
		t.Fatalf("key points = %+v, %v; want version 2", kp, err)
	}
}
