package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
)

// answerForm returns the form of page with text answers for every question
// and the first choice for the closed ones.
func answerForm(p page, qs []store.Question, text string) url.Values {
	v := hiddenValues(p)
	for _, q := range qs {
		if q.TakesChoice() {
			v.Set(form.ChoiceName(q.ID), q.Choices[0].Value)
		}
		v.Set(form.TextName(q.ID), fmt.Sprintf("%s %d", text, q.Number))
	}
	return v
}

func TestStatePartyWithoutScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	token := e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Sok Chea")
	b := e.browser("fr")

	p := b.get("/r/" + token)
	wantRedirect(t, p, "/respond")
	cookie := strings.Join(p.Header.Values("Set-Cookie"), "\n")
	for _, want := range []string{"vaconsult_session=", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Fatalf("Set-Cookie lacks %q: %s", want, cookie)
		}
	}

	p = b.get("/respond")
	wantStatus(t, p, 200)
	wantContains(t, p, `<html lang="fr" dir="ltr">`, "Question 1", "Enregistrer et revenir plus tard", "Cambodge")

	// A form without its CSRF token changes nothing.
	qs := e.questions(domain.AudienceStatesParties)
	noCSRF := answerForm(p, qs, "Réponse")
	noCSRF.Del("csrf")
	wantStatus(t, b.do("POST", "/respond", noCSRF), http.StatusForbidden)

	// Too long an answer: the error summary links to the field and the
	// input is kept.
	long := answerForm(p, qs, "Réponse")
	long.Set(form.TextName(qs[1].ID), strings.Repeat("é", qs[1].MaxLength+3))
	bad := b.do("POST", "/respond", long)
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, "Il y a un problème", `href="#`+form.TextName(qs[1].ID)+`"`, "supprimez 3 caractères", "Réponse 1")

	// Save and come back later.
	save := answerForm(p, qs, "Réponse")
	save.Set("action", "save")
	wantRedirect(t, b.do("POST", "/respond", save), "/respond?saved=1")
	p = b.get("/respond?saved=1")
	wantContains(t, p, "Vos réponses ont été enregistrées", "Réponse 4", "Dernière modification par vous")

	// Continue, check, submit without attribution, then with it.
	cont := answerForm(p, qs, "Réponse")
	cont.Set("action", "continue")
	wantRedirect(t, b.do("POST", "/respond", cont), "/respond/check")
	check := b.get("/respond/check")
	wantContains(t, check, "Vérifiez vos réponses", "Réponse 3", `href="/respond#q-`)
	noAttr := b.post("/respond/submit", check, url.Values{"version": {hidden(t, check, "version")}})
	wantStatus(t, noAttr, http.StatusUnprocessableEntity)
	wantContains(t, noAttr, `href="#attribution-named"`)
	sub := b.post("/respond/submit", check, url.Values{"version": {hidden(t, check, "version")}, "attribution": {"anonymous"}})
	wantRedirect(t, sub, "/respond/confirmation")
	conf := b.get("/respond/confirmation")
	wantContains(t, conf, "Vos réponses ont été soumises", "VA-")
	first := receipt(t, e, token)

	// Edit and resubmit: a new receipt.
	p = b.get("/respond")
	wantContains(t, p, "Référence du reçu")
	edit := answerForm(p, qs, "Réponse revue")
	edit.Set("action", "continue")
	wantRedirect(t, b.do("POST", "/respond", edit), "/respond/check")
	check = b.get("/respond/check")
	wantContains(t, check, "Soumettre vos réponses modifiées", "Réponse revue 2")
	wantRedirect(t, b.post("/respond/submit", check, url.Values{"version": {hidden(t, check, "version")}, "attribution": {"named"}}), "/respond/confirmation")
	if second := receipt(t, e, token); second == first {
		t.Fatalf("resubmission kept receipt %s", first)
	}
}

func receipt(t *testing.T, e *env, token string) string {
	t.Helper()
	p, err := e.st.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.st.FindResponse(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != domain.StatusSubmitted {
		t.Fatalf("status = %q, want submitted", r.Status)
	}
	return r.Receipt
}

func TestSurvivorRegistersWithoutScript(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("es")
	p := b.get("/c/" + e.c.Slug + "/register")
	wantStatus(t, p, 200)
	wantContains(t, p, "Inscribirse", `<option value="CO">Colombia</option>`)

	bad := b.post("/c/"+e.c.Slug+"/register", p, url.Values{"kind": {"organisation"}, "name": {"Red de sobrevivientes"},
		"email": {"not an address"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	// The store's rules, as the API applies them: a missing contributor
	// is the respondent itself, a missing country and a bad address are
	// said in the page's language.
	wantContains(t, bad, `href="#country"`, `href="#email"`, `value="Red de sobrevivientes"`, `value="not an address"`,
		"Elija un país", "Escriba un correo electrónico con el formato correcto")
	if strings.Contains(bad.Body, `href="#contributor"`) {
		t.Error("an organisation without a contributor is refused; the store takes the organisation's name")
	}

	ok := b.post("/c/"+e.c.Slug+"/register", p, url.Values{"kind": {"organisation"}, "name": {"Red de sobrevivientes"},
		"country": {"CO"}, "contributor": {"Ana Pérez"}, "email": {"ana@example.org"}})
	wantRedirect(t, ok, "/respond/registered")
	reg := b.get("/respond/registered")
	wantContains(t, reg, "Su enlace de acceso personal", e.URL+"/r/")
	link := reg.Body[strings.Index(reg.Body, e.URL+"/r/"):]
	link = link[:strings.Index(link, `"`)]
	if again := b.get("/respond/registered"); strings.Contains(again.Body, "/r/") {
		t.Fatalf("the access link was shown twice")
	}

	p = b.get("/respond")
	qs := e.questions(domain.AudienceSurvivors)
	wantContains(t, p, "Red de sobrevivientes", "Sí", "Cuéntenos más")
	v := answerForm(p, qs, "Respuesta")
	v.Set("action", "continue")
	wantRedirect(t, b.do("POST", "/respond", v), "/respond/check")
	check := b.get("/respond/check")
	wantContains(t, check, "Sí", "Respuesta 1", "Solo para los Copresidentes")
	wantRedirect(t, b.post("/respond/submit", check, url.Values{"version": {hidden(t, check, "version")},
		"attribution": {"confidential"}}), "/respond/confirmation")

	// The link works in another browser.
	other := e.browser("ar")
	wantRedirect(t, other.get(strings.TrimPrefix(link, e.URL)), "/respond")
	wantContains(t, other.get("/respond"), `dir="rtl"`, "Respuesta 2")
}

func TestMissingAnswersLinkToTheForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("en")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceSurvivors, "AF", "Survivors Network", "Lina")), "/respond")
	check := b.get("/respond/check")
	wantContains(t, check, "Not answered yet")
	p := b.post("/respond/submit", check, url.Values{"version": {hidden(t, check, "version")}, "attribution": {"named"}})
	wantStatus(t, p, http.StatusUnprocessableEntity)
	q := e.questions(domain.AudienceSurvivors)[0]
	// Each problem links to its field on a form that shows the error there.
	wantContains(t, p, fmt.Sprintf(`href="/respond?missing=1#q-%d-choice-0"`, q.ID), "Choose an answer to question 1")
}

func TestTwoContributorsConflict(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.browser("en")
	b := e.browser("en")
	wantRedirect(t, a.get("/r/"+e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Ana")), "/respond")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Bruno")), "/respond")
	qs := e.questions(domain.AudienceStatesParties)
	pa, pb := a.get("/respond"), b.get("/respond")

	// Ana saves question 1; Bruno, from the page he loaded before, changes
	// question 1 too and question 2.
	va := hiddenValues(pa)
	va.Set(form.TextName(qs[0].ID), "Ana's text")
	va.Set("action", "save")
	wantRedirect(t, a.do("POST", "/respond", va), "/respond?saved=1")
	vb := hiddenValues(pb)
	vb.Set(form.TextName(qs[0].ID), "Bruno's text")
	vb.Set(form.TextName(qs[1].ID), "Bruno's second answer")
	vb.Set("action", "save")
	conflict := b.do("POST", "/respond", vb)
	wantStatus(t, conflict, http.StatusConflict)
	wantContains(t, conflict, "Someone else changed the same answer", "Ana&#39;s text", "Bruno&#39;s text",
		"Version saved by Ana", "Keep the version saved by Ana")

	// Bruno's other answer was saved; question 1 still holds Ana's text.
	answers := currentAnswers(t, e, b)
	if answers[qs[0].ID] != "Ana's text" || answers[qs[1].ID] != "Bruno's second answer" {
		t.Fatalf("answers = %v", answers)
	}

	// Nothing is chosen for him, and his own box does not say Ana changed it.
	if strings.Contains(conflict.Body, `value="mine" checked`) || strings.Contains(conflict.Body, `value="theirs" checked`) {
		t.Fatalf("a version is chosen for him")
	}
	wantContains(t, conflict, "Your text, not saved yet")
	if strings.Contains(conflict.Body, "Last changed by Ana") {
		t.Fatalf("his own box says Ana changed it last")
	}
	// Without a choice, question 1 is not saved and the page asks for one.
	undecided := hiddenValues(conflict)
	undecided.Set(form.TextName(qs[0].ID), "Bruno's undecided text")
	undecided.Set(form.TextName(qs[1].ID), "Bruno's second answer")
	undecided.Set("action", "save")
	ask := b.do("POST", "/respond", undecided)
	wantStatus(t, ask, http.StatusUnprocessableEntity)
	wantContains(t, ask, `href="#`+form.ResolveName(qs[0].ID)+`-mine"`, "Question 1: choose which version to keep",
		"Bruno&#39;s undecided text", "Version saved by Ana")
	if got := currentAnswers(t, e, b)[qs[0].ID]; got != "Ana's text" {
		t.Fatalf("an undecided answer was saved: %q", got)
	}

	// Bruno merges both and keeps his version.
	merge := hiddenValues(ask)
	merge.Set(form.TextName(qs[0].ID), "Ana's text, and Bruno's")
	merge.Set(form.TextName(qs[1].ID), "Bruno's second answer")
	merge.Set(form.ResolveName(qs[0].ID), "mine")
	merge.Set("action", "save")
	wantRedirect(t, b.do("POST", "/respond", merge), "/respond?saved=1")
	if got := currentAnswers(t, e, b)[qs[0].ID]; got != "Ana's text, and Bruno's" {
		t.Fatalf("merged answer = %q", got)
	}
	wantContains(t, a.get("/respond"), "Last changed by Bruno")
}

// currentAnswers reads the answers through the autosave endpoint's view of
// the store.
func currentAnswers(t *testing.T, e *env, b *browser) map[int64]string {
	t.Helper()
	set, _ := e.c.QuestionSet(domain.AudienceStatesParties)
	p := b.get("/respond")
	out := map[int64]string{}
	for _, q := range set.Questions {
		start := strings.Index(p.Body, `name="`+form.TextName(q.ID)+`"`)
		if start < 0 {
			continue
		}
		rest := p.Body[start:]
		rest = rest[strings.Index(rest, ">")+1:]
		out[q.ID] = htmlUnescape(rest[:strings.Index(rest, "</textarea>")])
	}
	return out
}

func TestAutosaveEndpoint(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("en")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "PE", "Peru", "Rosa")), "/respond")
	p := b.get("/respond")
	qs := e.questions(domain.AudienceStatesParties)
	v := hiddenValues(p)
	v.Set(form.TextName(qs[2].ID), "Typed text")
	r := b.do("POST", "/respond/draft", v, "Accept", "application/json")
	wantStatus(t, r, 200)
	wantContains(t, r, `"saved":[{"id":"`+fmt.Sprint(qs[2].ID)+`","v":1,"h":"`+form.Hash("", "Typed text")+`"}]`, "Last changed by you")

	// The same save again, as a retry after a lost answer, is harmless.
	wantStatus(t, b.do("POST", "/respond/draft", v, "Accept", "application/json"), 200)

	// Without a session, but with a good CSRF token, the script is told
	// that the session is missing, in JSON.
	anon := e.browser("en")
	v.Set("csrf", hidden(t, anon.get("/c/"+e.c.Slug+"/register"), "csrf"))
	r = anon.do("POST", "/respond/draft", v, "Accept", "application/json")
	wantStatus(t, r, http.StatusUnauthorized)
	wantContains(t, r, `{"error":{"code":"no_session","fields":{},"message":"Open your access link to continue"}}`)
}

func TestClosedConsultationShowsSubmittedAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(t, closedIn2012)
	b := e.browser("en")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "FR", "France", "Claire")), "/respond")
	p := b.get("/respond")
	wantStatus(t, p, 200)
	wantContains(t, p, "This consultation closed on 25 May 2012, 18:00 CEST", "were not submitted")
	if strings.Contains(p.Body, "<textarea") {
		t.Fatal("a closed consultation shows an editable form")
	}
	wantContains(t, b.get("/c/"+e.c.Slug), "Closed on 25 May 2012")
	wantStatus(t, b.get("/c/"+e.c.Slug+"/register"), http.StatusConflict)
}

func TestSubmitMeetsANewerVersion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.browser("en"), e.browser("en")
	wantRedirect(t, a.get("/r/"+e.invite(domain.AudienceStatesParties, "NZ", "New Zealand", "Aroha")), "/respond")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "NZ", "New Zealand", "Ben")), "/respond")
	qs := e.questions(domain.AudienceStatesParties)
	all := answerForm(a.get("/respond"), qs, "Complete")
	all.Set("action", "continue")
	wantRedirect(t, a.do("POST", "/respond", all), "/respond/check")
	check := a.get("/respond/check")

	// Ben saves a change while Aroha reads her answers.
	v := formValues(b.get("/respond"))
	v.Set(form.TextName(qs[3].ID), "Ben's late change")
	v.Set("action", "save")
	wantRedirect(t, b.do("POST", "/respond", v), "/respond?saved=1")

	p := a.post("/respond/submit", check, url.Values{"version": {hidden(t, check, "version")}, "attribution": {"named"}})
	wantStatus(t, p, http.StatusConflict)
	wantContains(t, p, "Your answers changed since you opened this page", "Ben&#39;s late change", `value="named" checked`)
	wantRedirect(t, a.post("/respond/submit", p, url.Values{"version": {hidden(t, p, "version")}, "attribution": {"named"}}),
		"/respond/confirmation")
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("en")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceSurvivors, "UG", "Uganda Landmine Survivors", "Grace")), "/respond")
	p := b.get("/respond")
	wantContains(t, p, `action="/signout"`)
	wantRedirect(t, b.post("/signout", p, url.Values{}), "/?signedout=1")
	wantContains(t, b.get("/?signedout=1"), "You have signed out")
	wantStatus(t, b.get("/respond"), http.StatusUnauthorized)
}

func TestAStalePageOverwritesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a, b := e.browser("en"), e.browser("en")
	wantRedirect(t, a.get("/r/"+e.invite(domain.AudienceStatesParties, "SN", "Senegal", "Awa")), "/respond")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "SN", "Senegal", "Moussa")), "/respond")
	qs := e.questions(domain.AudienceStatesParties)
	first := formValues(a.get("/respond"))
	first.Set(form.TextName(qs[0].ID), "Awa's first draft")
	first.Set("action", "save")
	wantRedirect(t, a.do("POST", "/respond", first), "/respond?saved=1")

	stale := formValues(b.get("/respond")) // Moussa opens the page and leaves it
	newer := formValues(a.get("/respond"))
	newer.Set(form.TextName(qs[0].ID), "Awa's second draft")
	newer.Set("action", "save")
	wantRedirect(t, a.do("POST", "/respond", newer), "/respond?saved=1")

	// Moussa saves his page without touching question 1, then types in
	// question 2: Awa's newer text stays.
	stale.Set(form.TextName(qs[1].ID), "Moussa's answer")
	stale.Set("action", "save")
	wantRedirect(t, b.do("POST", "/respond", stale), "/respond?saved=1")
	got := formValues(a.get("/respond"))
	if got.Get(form.TextName(qs[0].ID)) != "Awa's second draft" || got.Get(form.TextName(qs[1].ID)) != "Moussa's answer" {
		t.Fatalf("answers after the stale save: %q, %q", got.Get(form.TextName(qs[0].ID)), got.Get(form.TextName(qs[1].ID)))
	}
}

func TestAfterClosingSubmittedAnswersAreReadOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("es")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "MX", "México", "Lucía")), "/respond")
	qs := e.questions(domain.AudienceStatesParties)
	v := answerForm(b.get("/respond"), qs, "Respuesta enviada")
	v.Set("action", "continue")
	wantRedirect(t, b.do("POST", "/respond", v), "/respond/check")
	check := b.get("/respond/check")
	wantRedirect(t, b.post("/respond/submit", check, url.Values{"version": {hidden(t, check, "version")},
		"attribution": {"named"}}), "/respond/confirmation")
	// A later draft, then the consultation closes.
	later := formValues(b.get("/respond"))
	later.Set(form.TextName(qs[0].ID), "Borrador no enviado")
	later.Set("action", "save")
	wantRedirect(t, b.do("POST", "/respond", later), "/respond?saved=1")
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	closedIn2012(f)
	if _, err := e.st.LoadConsultation(context.Background(), f); err != nil {
		t.Fatal(err)
	}

	p := b.get("/respond")
	wantStatus(t, p, 200)
	wantContains(t, p, "Esta consulta se cerró el 25 de mayo de 2012", "Estas son las respuestas que envió", "Respuesta enviada 1")
	if strings.Contains(p.Body, "Borrador no enviado") || strings.Contains(p.Body, "<textarea") {
		t.Fatal("after closing the page shows the unsent draft or an editable form")
	}
	late := answerForm(check, qs, "Demasiado tarde")
	late.Set("csrf", hidden(t, p, "csrf"))
	wantStatus(t, b.do("POST", "/respond", late), http.StatusConflict)
	wantContains(t, b.get("/respond/check"), "Estas son las respuestas que envió")
}

// Past the hourly limit of registrations from one address, the form says
// so in its error summary and keeps what was typed.
func TestRegistrationLimitPerAddress(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("en")
	path := "/c/" + e.c.Slug + "/register"
	p := b.get(path)
	fields := url.Values{"kind": {"organisation"}, "name": {"Network"}, "country": {"KH"}, "contributor": {"Dara"}}
	for i := range store.RegistrationsPerHour {
		if r := b.post(path, p, fields); r.Status != http.StatusSeeOther {
			t.Fatalf("registration %d: status %d", i+1, r.Status)
		}
	}
	r := b.post(path, p, fields)
	wantStatus(t, r, http.StatusTooManyRequests)
	wantContains(t, r, "Too many registrations", `value="Network"`)
}
