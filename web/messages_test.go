package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// The lost-link page answers a known and an unknown address the same way,
// refuses what is not an address with an error summary, and says when this
// site sends no email.
func TestLostLinkPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.st.Invite(ctx, store.NewRespondent{Consultation: e.c.Slug, Audience: "states-parties", Name: "Cambodia",
		Country: "KH", Email: "dara@example.org"}); err != nil {
		t.Fatal(err)
	}
	path := "/c/" + e.c.Slug + "/lost-link"
	var answers []string
	for _, email := range []string{"dara@example.org", "nobody@example.org"} {
		b := e.browser("fr")
		form := b.get(path)
		wantStatus(t, form, http.StatusOK)
		wantContains(t, form, `<label for="email">Adresse électronique</label>`, "Ce site n’envoie pas de courriel")
		r := b.post(path, form, url.Values{"email": {email}})
		wantRedirect(t, r, path+"?sent=1")
		sent := b.get(path + "?sent=1")
		answers = append(answers, strings.Split(sent.Body, "<main")[1])
	}
	if answers[0] != answers[1] {
		t.Errorf("the answer for a known address differs from the one for an unknown address")
	}
	var jobs int
	e.st.Pool().QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = 'lost_link'`).Scan(&jobs)
	if jobs != 2 {
		t.Errorf("%d lost-link jobs, want one per request", jobs)
	}

	b := e.browser("en")
	form := b.get(path)
	bad := b.post(path, form, url.Values{"email": {"dara\r\nBcc: x@example.org"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, `class="error-summary"`, `href="#email"`, "Enter an email address")
	wantStatus(t, b.get("/c/no-such/lost-link"), http.StatusNotFound)
	wantContains(t, b.get("/c/"+e.c.Slug), `href="/c/`+e.c.Slug+`/lost-link"`)
}

// Administrators see who has not submitted, with their last message, and
// queue reminders, which go to nobody twice in a day.
func TestMessagesPageReminds(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	for _, in := range []store.NewRespondent{
		{Audience: "states-parties", Name: "Cambodia", Country: "KH", Contributor: "Sok Dara", Email: "dara@example.org"},
		{Audience: "states-parties", Name: "Peru", Country: "PE", Contributor: "Ana"},
	} {
		in.Consultation = e.c.Slug
		if _, err := e.st.Invite(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	e.submit(domain.AudienceSurvivors, "CO", "Red de sobrevivientes", "named", "Texto.")
	admin := e.reviewer("admin")
	path := "/admin/c/" + e.c.Slug + "/messages"
	p := admin.get(path)
	wantStatus(t, p, http.StatusOK)
	wantContains(t, p, "No mail server is set", "Sok Dara", "dara@example.org", "Ana", "no address")
	if strings.Contains(p.Body, "Red de sobrevivientes") {
		t.Error("a respondent who submitted is listed as not submitted")
	}
	r := admin.post("/admin/c/"+e.c.Slug+"/remind", p, url.Values{"only": {""}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "queued=1") {
		t.Fatalf("remind: %d to %q", r.Status, r.Header.Get("Location"))
	}
	p = admin.get(r.Header.Get("Location"))
	wantContains(t, p, "Reminders queued: 1. Left out, reminded in the last 24 hours: 0.", "Reminder, queued")
	r = admin.post("/admin/c/"+e.c.Slug+"/remind", p, url.Values{"only": {"not-started"}})
	p = admin.get(r.Header.Get("Location"))
	wantContains(t, p, "Reminders queued: 0. Left out, reminded in the last 24 hours: 1.")
	bad := admin.post("/admin/c/"+e.c.Slug+"/remind", p, url.Values{"only": {"everyone"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, `class="error-summary"`, "Choose whom to remind")
	if ms, _ := e.st.FindMessages(ctx, store.MessageFilter{Consultation: e.c.Slug}); len(ms) != 1 {
		t.Errorf("%d messages, want the one reminder", len(ms))
	}
	wantContains(t, admin.get("/review/c/"+e.c.Slug), `href="/admin/c/`+e.c.Slug+`/messages"`)
	if strings.Contains(e.reviewer("co-chair").get("/review/c/"+e.c.Slug).Body, "/messages") {
		t.Error("a co-chair's dashboard links to the messages page")
	}
}
