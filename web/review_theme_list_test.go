package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// The consultation's themes page: a theme made there tags answers of both
// audiences, and the page counts them per audience and question; a
// rename based on a stale name is refused and shows the current one; a
// deletion asks first, then can be undone, with its tags on every
// question.
func TestThemesPageAcrossAudiences(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	state := e.submit(domain.AudienceStatesParties, "KH", "Cambodia", "named", "We count services.")
	survivor := e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named", "Nobody asks us.")
	ana := e.coChair("ana@example.org", "Ana Chair")
	ben := e.coChair("ben@example.org", "Ben Chair")
	themes := "/review/c/" + e.c.Slug + "/themes"
	first := ana.get(themes)
	wantStatus(t, first, http.StatusOK)
	wantContains(t, first, "No themes yet.", `action="`+themes+`"`)
	wantContains(t, ana.get("/review/c/"+e.c.Slug), `href="`+themes+`"`)

	wantStatus(t, ana.post(themes, first, url.Values{"name": {" "}}), http.StatusUnprocessableEntity)
	wantStatus(t, ana.post(themes, first, url.Values{"name": {"Data collection"}}), http.StatusSeeOther)
	dup := ana.post(themes, first, url.Values{"name": {"DATA COLLECTION"}})
	wantStatus(t, dup, http.StatusConflict)
	wantContains(t, dup, "This consultation already has a theme with that name", `href="#name"`, `value="DATA COLLECTION"`)
	all, err := e.st.FindThemes(ctx, e.c.ID)
	if err != nil || len(all) != 1 {
		t.Fatalf("themes = %+v, %v", all, err)
	}
	th := all[0]

	// Tagged on a States Parties' question and on a survivors' one.
	for _, tag := range []struct {
		path     string
		response int64
	}{{"/q/1/tag?audience=states-parties", state.ResponseID}, {"/q/2/tag?audience=survivors", survivor.ResponseID}} {
		wantStatus(t, ana.post("/review/c/"+e.c.Slug+tag.path, first,
			url.Values{"response": {itoa(tag.response)}, "theme": {itoa(th.ID)}}), http.StatusSeeOther)
	}
	counted := ana.get(themes)
	wantContains(t, counted, `<tr id="count-`+itoa(th.ID)+`"><th scope="row"><bdi>Data collection</bdi> <span class="count-badge">2</span></th>
<td class="num">1</td><td class="num">1</td>`, ">States 1</a>: 1", ">Survivors 2</a>: 1")

	// Ben renames it from a page loaded before Ana's rename: refused.
	benPage := ben.get(themes)
	rename := themes + "/" + itoa(th.ID) + "/rename"
	version := func(p page) string { return formHidden(t, p, "/themes/"+itoa(th.ID)+"/rename", "version") }
	wantRedirect(t, ana.post(rename, counted, url.Values{"name": {"Measuring"}, "version": {version(counted)}}),
		themes+"?done=1#theme-"+itoa(th.ID))
	stale := ben.post(rename, benPage, url.Values{"name": {"Data"}, "version": {version(benPage)}})
	wantStatus(t, stale, http.StatusConflict)
	wantContains(t, stale, "Ana Chair renamed this theme to “Measuring” on", `value="Data"`)

	// Deleted after a question, then brought back on both answers.
	del := themes + "/" + itoa(th.ID) + "/delete"
	fresh := ana.get(themes)
	ask := ana.post(del, fresh, url.Values{"version": {version(fresh)}})
	wantStatus(t, ask, http.StatusOK)
	wantContains(t, ask, "Delete the theme “Measuring”?", `name="confirm" value="yes"`)
	wantRedirect(t, ana.post(del, ask, url.Values{"version": {version(fresh)}, "confirm": {"yes"}}),
		themes+"?deleted="+itoa(th.ID)+"&done=1#themes")
	undo := ana.get(themes + "?deleted=" + itoa(th.ID) + "&done=1")
	wantContains(t, undo, "The theme “Measuring” has been deleted, with its tags.", `id="undo-delete"`)
	wantStatus(t, ana.post(themes+"/restore", undo, url.Values{"theme": {itoa(th.ID)}}), http.StatusSeeOther)
	back, _ := e.st.FindThemes(ctx, e.c.ID)
	if len(back) != 1 || back[0].Name != "Measuring" || back[0].Count != 2 {
		t.Fatalf("themes after the undo = %+v, want Measuring on two answers", back)
	}
}
