package web_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"
)

var opensAtRE = regexp.MustCompile(`id="opens_at" name="opens_at" value="([^"]*)"`)

// An administrator sets which States' question each survivors' question
// answers back to on the settings page; a States' question chosen twice
// is refused on its field, and nothing changes.
func TestAdminSettingsPairs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	b := e.reviewer("admin")
	path := "/admin/c/" + e.c.Slug + "/settings"

	page := b.get(path)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page, `<select id="pair-1" name="pair-1"`, `<option value="1" selected>`, `<option value="4" selected>`,
		"Survivors’ question 2 answers back to")
	form := textsForm(page)
	if m := opensAtRE.FindStringSubmatch(page.Body); m != nil {
		form.Set("opens_at", m[1])
	}

	form.Set("pair-1", "2")
	form.Set("pair-2", "0")
	form.Set("pair-3", "2")
	refused := b.post(path, page, form)
	wantStatus(t, refused, http.StatusUnprocessableEntity)
	wantContains(t, refused, "error-summary", `href="#pair-3"`, "States Parties’ question 2 is chosen for another survivors’ question already")
	pairs := func() [][2]int {
		c, err := e.st.FindConsultationBySlug(ctx, e.c.Slug)
		if err != nil {
			t.Fatal(err)
		}
		var out [][2]int
		for _, p := range c.QuestionPairs() {
			out = append(out, [2]int{p.States.Number, p.Survivors.Number})
		}
		return out
	}
	if got := pairs(); len(got) != 2 || got[0] != [2]int{1, 1} || got[1] != [2]int{4, 3} {
		t.Fatalf("pairs after a refused save = %v, want the 2012 ones", got)
	}

	form.Set("pair-3", "3")
	wantRedirect(t, b.post(path, page, form), "/admin/c/"+e.c.Slug+"?saved=1")
	if got := pairs(); len(got) != 2 || got[0] != [2]int{2, 1} || got[1] != [2]int{3, 3} {
		t.Errorf("pairs = %v, want States 2 with survivors 1, States 3 with survivors 3", got)
	}

	// A form without the pairs' fields leaves them as they are.
	form.Del("pair-1")
	form.Del("pair-2")
	form.Del("pair-3")
	wantRedirect(t, b.post(path, page, form), "/admin/c/"+e.c.Slug+"?saved=1")
	if got := pairs(); len(got) != 2 || got[0] != [2]int{2, 1} {
		t.Errorf("pairs after a save without them = %v, want them unchanged", got)
	}
}
