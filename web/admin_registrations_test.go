package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// register signs an organisation of the survivors up, as the registration
// page does, and saves a draft answer.
func (e *env) register(name, country, draft string) *store.Principal {
	e.t.Helper()
	ctx := context.Background()
	acc, err := e.st.Register(ctx, store.NewRespondent{Consultation: e.c.Slug, Audience: domain.AudienceSurvivors,
		Name: name, Country: country, Contributor: name + " contact", Email: "contact@example.org"})
	if err != nil {
		e.t.Fatal(err)
	}
	p, err := e.st.Authenticate(ctx, acc.Token)
	if err != nil {
		e.t.Fatal(err)
	}
	if draft != "" {
		q := e.questions(domain.AudienceSurvivors)
		if _, err := e.st.SaveDraft(ctx, p, store.Draft{Answers: []store.AnswerInput{{QuestionID: q[1].ID, Text: draft}}}); err != nil {
			e.t.Fatal(err)
		}
	}
	return p
}

func selfRegistration(f *questionset.File) { f.SelfRegistration = true }

// An administrator verifies a registration, merges two of one
// organisation and removes a junk one; each refusal shows an error summary
// and changes nothing.
func TestAdminRegistrationsPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, selfRegistration)
	real := e.register("Red de Sobrevivientes", "CO", "Nuestra respuesta.")
	dup := e.register("Red de Sobrevivientes (2)", "CO", "")
	junk := e.register("xxxx", "AF", "spam spam")
	b := e.reviewer("admin")
	base := "/admin/c/" + e.c.Slug + "/registrations"
	list := b.get(base)
	wantStatus(t, list, http.StatusOK)
	wantContains(t, list, "Red de Sobrevivientes", "xxxx", "Red de Sobrevivientes contact", "contact@example.org", "Not verified")

	refused := b.post(fmt.Sprintf("%s/%d/remove", base, junk.RespondentID), list, url.Values{})
	wantStatus(t, refused, http.StatusUnprocessableEntity)
	wantContains(t, refused, "error-summary", fmt.Sprintf(`href="#confirm-%d"`, junk.RespondentID),
		"Tick the box to say that this registration is junk")
	if n := e.count(`SELECT count(*) FROM respondents`); n != 3 {
		t.Fatalf("respondents after a refused removal = %d, want 3", n)
	}
	wantRedirect(t, b.post(fmt.Sprintf("%s/%d/remove", base, junk.RespondentID), list, url.Values{"confirm": {"yes"}}),
		base+"?done=removed")

	noTarget := b.post(fmt.Sprintf("%s/%d/merge", base, dup.RespondentID), list, url.Values{"into": {""}})
	wantStatus(t, noTarget, http.StatusUnprocessableEntity)
	wantContains(t, noTarget, fmt.Sprintf(`href="#into-%d"`, dup.RespondentID))
	wantRedirect(t, b.post(fmt.Sprintf("%s/%d/merge", base, dup.RespondentID), list,
		url.Values{"into": {fmt.Sprint(real.RespondentID)}}), base+"?done=merged")
	wantRedirect(t, b.post(fmt.Sprintf("%s/%d/verify", base, real.RespondentID), list, url.Values{}), base+"?done=verified")

	after := b.get(base + "?done=verified")
	wantContains(t, after, "The registration is verified.", "Red de Sobrevivientes (2) contact")
	if strings.Contains(after.Body, "xxxx") || strings.Contains(after.Body, `id="registration-`+fmt.Sprint(dup.RespondentID)) {
		t.Fatalf("the removed or merged registration is still listed:\n%s", after.Body)
	}
	audit := b.get("/admin/c/" + e.c.Slug + "/audit?action=respondent.")
	wantStatus(t, audit, http.StatusOK)
	wantContains(t, audit, "Registration removed", "Registrations merged", "Registration verified", "Reviewer admin")

	other := b.post(fmt.Sprintf("%s/%d/remove", base, 999999), list, url.Values{"confirm": {"yes"}})
	wantStatus(t, other, http.StatusNotFound)
}

// The dashboard's rates leave out unverified self-registrations unless
// asked, and count each kind of respondent apart.
func TestDashboardCountsVerifiedRespondentsUnlessAsked(t *testing.T) {
	t.Parallel()
	e := newEnv(t, selfRegistration)
	e.submit(domain.AudienceSurvivors, "KH", "Invited Network", "named", "Text.")
	e.register("Registered Network", "CO", "")
	b := e.reviewer("co-chair")
	d := b.get("/review/c/" + e.c.Slug)
	wantStatus(t, d, http.StatusOK)
	wantContains(t, d, "Organisations", "Individual survivors", "not yet verified are not counted", "?unverified=include")
	rows := organisationRate(t, d)
	if rows != "<td>1</td><td>1</td><td>1</td>" {
		t.Fatalf("organisations' rate = %s, want the verified one only", rows)
	}
	all := b.get("/review/c/" + e.c.Slug + "?unverified=include")
	if rows := organisationRate(t, all); rows != "<td>2</td><td>1</td><td>1</td>" {
		t.Fatalf("organisations' rate with the unverified = %s, want both", rows)
	}
	wantContains(t, all, "These rates count self-registrations not yet verified.")
}

// organisationRate returns the cells of the organisations' rate row.
func organisationRate(t *testing.T, p page) string {
	t.Helper()
	i := strings.Index(p.Body, `Organisations <span class="muted">`)
	if i < 0 {
		t.Fatalf("no organisations' row:\n%s", p.Body)
	}
	row := p.Body[i:]
	row = row[strings.Index(row, "<td>"):strings.Index(row, "</tr>")]
	return row
}

// A respondent withdraws their submitted response from the check page:
// without the box ticked nothing happens; then the answers leave the
// counts and the session ends.
func TestWithdrawResponsePage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	token := e.invite(domain.AudienceSurvivors, "KH", "Network", "Ana")
	b := e.browser("en")
	wantRedirect(t, b.get("/r/"+token), "/respond")
	p, err := e.st.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	var in []store.AnswerInput
	for _, q := range e.questions(domain.AudienceSurvivors) {
		a := store.AnswerInput{QuestionID: q.ID, Text: "Text."}
		if len(q.Choices) > 0 {
			a.Choice = q.Choices[0].Value
		}
		in = append(in, a)
	}
	saved, err := e.st.SaveDraft(context.Background(), p, store.Draft{Answers: in})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.SubmitResponse(context.Background(), p, store.Submission{Version: saved.Version, Attribution: "named"}); err != nil {
		t.Fatal(err)
	}
	check := b.get("/respond/check")
	wantContains(t, check, "Withdraw your response", `action="/respond/withdraw"`)
	refused := b.post("/respond/withdraw", check, url.Values{})
	wantStatus(t, refused, http.StatusUnprocessableEntity)
	wantContains(t, refused, "error-summary", `href="#withdraw-confirm"`)
	wantRedirect(t, b.post("/respond/withdraw", check, url.Values{"confirm": {"yes"}}), "/?withdrawal=done")
	wantContains(t, b.get("/?withdrawal=done"), "Your response is withdrawn")
	wantStatus(t, b.get("/respond"), http.StatusUnauthorized)
	sum, err := e.st.Summary(context.Background(), e.c.Slug)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range sum.Questions {
		if q.Answers != 0 {
			t.Fatalf("question %d of %s has %d answers after the withdrawal, want 0", q.Question.Number, q.Audience, q.Answers)
		}
	}
}

// Once the retention period is over, an administrator deletes the
// personal data from the registrations page, and the page says what went.
func TestDeletePersonalDataPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, selfRegistration, func(f *questionset.File) {
		f.RetentionDays = 30
		closed := time.Now().Add(-31 * 24 * time.Hour)
		f.ClosesAt = &closed
	})
	e.invite(domain.AudienceSurvivors, "KH", "Network", "Ana")
	b := e.reviewer("admin")
	base := "/admin/c/" + e.c.Slug + "/registrations"
	page := b.get(base)
	wantContains(t, page, "The retention period ended on", `action="/admin/c/`+e.c.Slug+`/personal-data/delete"`)
	refused := b.post("/admin/c/"+e.c.Slug+"/personal-data/delete", page, url.Values{})
	wantStatus(t, refused, http.StatusUnprocessableEntity)
	wantContains(t, refused, `href="#retention-confirm"`)
	res := b.post("/admin/c/"+e.c.Slug+"/personal-data/delete", page, url.Values{"confirm": {"yes"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("delete = %d:\n%s", res.Status, res.Body)
	}
	done := b.get(res.Header.Get("Location"))
	wantContains(t, done, "Personal data deleted. Names of individual survivors: 0. Names of contributors: 1. Email addresses: 0. Access links ended: 1. Email messages: 0.",
		"The respondents’ personal data was deleted on")
	if n := e.count(`SELECT count(*) FROM contributors WHERE name = 'Ana'`); n != 0 {
		t.Fatalf("contributors still named = %d", n)
	}
}

// The audit page filters by action and date and pages back by keyset.
func TestAuditPageFiltersAndPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t, selfRegistration)
	for i := range 55 {
		e.register(fmt.Sprintf("Network %02d", i), "CO", "")
	}
	b := e.reviewer("admin")
	base := "/admin/c/" + e.c.Slug + "/audit"
	first := b.get(base + "?action=respondent.register")
	wantStatus(t, first, http.StatusOK)
	if n := strings.Count(first.Body, `<tr id="entry-`); n != 50 {
		t.Fatalf("first page holds %d entries, want 50", n)
	}
	older := hrefRE.FindStringSubmatch(first.Body)
	if older == nil {
		t.Fatalf("no link to older entries:\n%s", first.Body)
	}
	second := b.get(htmlUnescape(older[1]))
	if n := strings.Count(second.Body, `<tr id="entry-`); n != 5 {
		t.Fatalf("second page holds %d entries, want 5", n)
	}
	bad := b.get(base + "?since=yesterday")
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, "error-summary", `href="#since"`)
	future := b.get(base + "?since=2999-01-01")
	wantContains(t, future, "No entry matches.")
	co := e.reviewer("co-chair")
	wantStatus(t, co.get(base), http.StatusForbidden)
}

var hrefRE = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
