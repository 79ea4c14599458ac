package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
	"github.com/vaconsult/vaconsult/web/paths"
)

const nextSlug = "va-impact-2013"

// submitEach invites a respondent of e's consultation, answers each
// question "<text> <number>" (with the first choice) and submits with
// attribution.
func (e *env) submitEach(audience domain.Audience, kind domain.RespondentKind, country, name string, attribution domain.Attribution, text string) {
	e.t.Helper()
	ctx := context.Background()
	acc, err := e.st.Invite(ctx, store.NewRespondent{Consultation: e.c.Slug, Audience: audience, Kind: kind, Name: name, Country: country})
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := e.st.Authenticate(ctx, acc.Token)
	if err != nil {
		e.t.Fatal(err)
	}
	var in []store.AnswerInput
	for _, q := range e.questions(audience) {
		a := store.AnswerInput{QuestionID: q.ID, Text: fmt.Sprintf("%s %d", text, q.Number), Language: "fr"}
		if q.TakesChoice() {
			a.Choice = q.Choices[0].Value
		}
		in = append(in, a)
	}
	saved, err := e.st.SaveDraft(ctx, p, store.Draft{Answers: in})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.st.SubmitResponse(ctx, p, store.Submission{Version: saved.Version, Attribution: attribution, Language: "en"}); err != nil {
		e.t.Fatal(err)
	}
}

// nextCycle copies e's consultation as the one that follows it, opens the
// copy and returns an env on it, on the same server.
func (e *env) nextCycle() *env {
	e.t.Helper()
	ctx := context.Background()
	c, err := e.st.CopyConsultation(ctx, "admin", e.c.Slug, nextSlug)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.st.Pool().Exec(ctx, `UPDATE consultations SET phase = 'live' WHERE id = $1`, c.ID); err != nil {
		e.t.Fatal(err)
	}
	if c, err = e.st.FindConsultationBySlug(ctx, nextSlug); err != nil {
		e.t.Fatal(err)
	}
	return &env{t: e.t, st: e.st, URL: e.URL, c: c}
}

// signedIn opens a contributor's access link in a new browser and returns
// it with the form page.
func (e *env) signedIn(token string) (*browser, page) {
	e.t.Helper()
	b := e.browser("en")
	wantRedirect(e.t, b.get("/r/"+token), "/respond")
	p := b.get("/respond")
	wantStatus(e.t, p, http.StatusOK)
	return b, p
}

func TestStartFromAllLastCycleAnswersWithoutScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.submitEach(domain.AudienceStatesParties, domain.KindState, "KH", "Cambodia", domain.AttributionNamed, "Cambodia 2012")
	next := e.nextCycle()
	qs := next.questions(domain.AudienceStatesParties)
	ana := next.invite(domain.AudienceStatesParties, "KH", "Kingdom of Cambodia", "Ana")
	bo := next.invite(domain.AudienceStatesParties, "KH", "Kingdom of Cambodia", "Bo")

	anaB, stale := next.signedIn(ana)
	wantContains(t, stale, `id="carry-all"`, "Your answer in Victim assistance: measuring and reporting impact, submitted",
		"Cambodia 2012 1", "Cambodia 2012 4", fmt.Sprintf(`value="%d"`, qs[1].ID))
	for _, q := range qs {
		if got := formValues(stale).Get(form.TextName(q.ID)); got != "" {
			t.Fatalf("question %d is pre-filled with %q before any choice", q.Number, got)
		}
	}

	// Bo answers question 2 meanwhile: from then on, nothing is offered
	// over it, and nothing replaces it.
	boB, boPage := next.signedIn(bo)
	v := formValues(boPage)
	v.Set(form.TextName(qs[1].ID), "Answer written by Bo")
	v.Set("action", "save")
	wantRedirect(t, boB.do("POST", "/respond", v), "/respond?saved=1")

	// Ana's page, loaded before, sends all: the others are saved, Bo's
	// answer comes back compared, as any save of a page left open.
	v = formValues(stale)
	v.Set("carry", "all")
	conflict := anaB.do("POST", "/respond", v)
	wantStatus(t, conflict, http.StatusConflict)
	wantContains(t, conflict, "Answer written by Bo")

	fresh := anaB.get("/respond")
	wantLacks(t, fresh, fmt.Sprintf(`id="q-%d-carry"`, qs[1].ID), fmt.Sprintf(`id="q-%d-carry"`, qs[0].ID))
	want := map[int]string{1: "Cambodia 2012 1", 2: "Answer written by Bo", 3: "Cambodia 2012 3", 4: "Cambodia 2012 4"}
	for _, q := range qs {
		if got := formValues(fresh).Get(form.TextName(q.ID)); got != want[q.Number] {
			t.Errorf("question %d after starting from all = %q, want %q", q.Number, got, want[q.Number])
		}
	}
	p, err := next.st.Authenticate(context.Background(), ana)
	if err != nil {
		t.Fatal(err)
	}
	_, resp, err := next.st.FindRespondentResponse(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range resp.Answers {
		// Saved by Ana, as any save, in the language it was written in.
		if a.QuestionID == qs[0].ID && (a.UpdatedBy != "Ana" || a.Language != "fr") {
			t.Errorf("question 1 = %+v, want saved by Ana, in French", a)
		}
	}
}

func TestCountryViewShowsTheCycleFollowed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.submitEach(domain.AudienceStatesParties, domain.KindState, "KH", "Cambodia", domain.AttributionNamed, "Cambodia 2012")
	e.submitEach(domain.AudienceSurvivors, domain.KindOrganisation, "KH", "Survivors Network", domain.AttributionAnonymous, "Network 2012")
	e.submitEach(domain.AudienceSurvivors, domain.KindOrganisation, "KH", "Phnom Penh Group", domain.AttributionNamed, "Group 2012")
	next := e.nextCycle()
	next.submitEach(domain.AudienceStatesParties, domain.KindState, "KH", "Cambodia", domain.AttributionNamed, "Cambodia 2013")
	next.submitEach(domain.AudienceSurvivors, domain.KindOrganisation, "KH", "survivors network", domain.AttributionNamed, "Network 2013")
	next.submitEach(domain.AudienceSurvivors, domain.KindOrganisation, "KH", "Phnom Penh group", domain.AttributionNamed, "Group 2013")

	p := next.reviewer(store.RoleCoChair).get(paths.ReviewCountry(nextSlug, "KH"))
	wantStatus(t, p, http.StatusOK)
	wantContains(t, p, "Cambodia 2013 1", "Cambodia 2012 1", "Group 2013 2", "Group 2012 2",
		"Their answer in Victim assistance: measuring and reporting impact, submitted")
	// The network answered without its name in 2012 and with it now: the
	// two are not set side by side, which would name the earlier answer.
	wantContains(t, p, "Network 2013 2")
	wantLacks(t, p, "Network 2012")

	// The first cycle follows none: nothing more is shown.
	first := next.reviewer(store.RoleAdmin).get(paths.ReviewCountry(e.c.Slug, "KH"))
	wantStatus(t, first, http.StatusOK)
	wantLacks(t, first, "Their answer in")
}

func TestAdminSettingsChooseTheConsultationFollowed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	next := e.nextCycle()
	admin := next.reviewer(store.RoleAdmin)
	path := paths.AdminSettings(nextSlug)
	p := admin.get(path)
	wantStatus(t, p, http.StatusOK)
	wantContains(t, p, `<select id="follows" name="follows"`, `<option value="va-impact-2012" selected>`)

	v := formValues(p)
	v.Set("time_zone", "Europe/Zurich")
	v.Set("follows", "no-such-consultation")
	bad := admin.post(path, p, v)
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, `href="#follows"`, "Choose a consultation from the list")

	v.Set("follows", "")
	wantRedirect(t, admin.post(path, p, v), paths.AdminConsultation(nextSlug)+"?saved=1")
	c, err := next.st.FindConsultationBySlug(context.Background(), nextSlug)
	if err != nil {
		t.Fatal(err)
	}
	if c.Follows != "" {
		t.Fatalf("follows after choosing none = %q", c.Follows)
	}
	v.Set("follows", e.c.Slug)
	wantRedirect(t, admin.post(path, admin.get(path), v), paths.AdminConsultation(nextSlug)+"?saved=1")
	if c, _ = next.st.FindConsultationBySlug(context.Background(), nextSlug); c.Follows != e.c.Slug {
		t.Fatalf("follows = %q, want %q", c.Follows, e.c.Slug)
	}
}
