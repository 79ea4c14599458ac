package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// flow is a respondent's whole journey, keyboard only: from the form to
// the receipt, then an edit and a second submission.
type flow struct {
	e   *env
	tb  *tab
	qs  []store.Question
	js  bool
	tag string // marks the answers of this flow
}

// answerAll answers every question: the first choice with Space where
// there are choices, and text typed into each box.
func (f *flow) answerAll() {
	f.tb.waitPage("respond")
	for _, q := range f.qs {
		if q.TakesChoice() {
			f.tb.tabTo(fmt.Sprintf("#q-%d-choice-0", q.ID))
			f.tb.keys(" ")
		}
		f.tb.typeInto(fmt.Sprintf("#q-%d-text", q.ID), fmt.Sprintf("%s %d", f.tag, q.Number))
	}
}

// submit goes from the form to the receipt and returns it.
func (f *flow) submit(attributionKeys string) string {
	f.tb.press(`button[value="continue"]`)
	f.tb.waitPage("check")
	for _, q := range f.qs {
		if !strings.Contains(f.tb.text(".summary"), fmt.Sprintf("%s %d", f.tag, q.Number)) {
			f.tb.t.Fatalf("check your answers lacks the answer to question %d:\n%s", q.Number, f.tb.text(".summary"))
		}
	}
	f.tb.tabTo(`input[name="attribution"]`)
	f.tb.keys(attributionKeys)
	f.tb.press(`form[action="/respond/submit"] button`)
	f.tb.waitPage("confirmation")
	return strings.TrimSpace(f.tb.text(".receipt"))
}

// editAndResubmit changes the first answer and submits again.
func (f *flow) editAndResubmit(first string) {
	f.tb.press(`a[href="/respond"]`)
	f.tb.waitPage("respond")
	f.tb.typeInto(fmt.Sprintf("#q-%d-text", f.qs[0].ID), " revised")
	f.tb.press(`button[value="continue"]`)
	f.tb.waitPage("check")
	if !strings.Contains(f.tb.text(".summary"), "revised") {
		f.tb.t.Fatalf("check your answers lacks the change:\n%s", f.tb.text(".summary"))
	}
	// The attribution chosen before is kept: straight to the button.
	f.tb.press(`form[action="/respond/submit"] button`)
	f.tb.waitPage("confirmation")
	if second := strings.TrimSpace(f.tb.text(".receipt")); second == first || !strings.HasPrefix(second, "VA-") {
		f.tb.t.Fatalf("receipt after resubmission = %q, first %q", second, first)
	}
}

func statePartyFlow(t *testing.T, lang string, js bool) {
	e, _ := newBrowserEnv(t)
	token := e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Sok Chea")
	tb := newTab(t, e.URL, js)
	tb.open("/?lang=" + lang)
	tb.open("/r/" + token)
	if u := tb.eval(`location.pathname`); u != "/respond" {
		t.Fatalf("after the access link the address is %q, want /respond", u)
	}
	f := &flow{e: e, tb: tb, qs: e.questions(domain.AudienceStatesParties), js: js, tag: "Answer-" + lang}
	f.answerAll()
	first := f.submit(kb.ArrowDown) // the second choice: quoted without the name
	f.editAndResubmit(first)
	p, _ := e.st.Authenticate(context.Background(), token)
	r, err := e.st.FindResponse(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Attribution != domain.AttributionAnonymous || r.Language != lang {
		t.Fatalf("response attribution %q language %q, want anonymous in %s", r.Attribution, r.Language, lang)
	}
}

func TestBrowserStatePartyKeyboardOnly(t *testing.T) {
	t.Parallel()
	statePartyFlow(t, "en", true)
}

func TestBrowserStatePartyWithoutScript(t *testing.T) {
	t.Parallel()
	statePartyFlow(t, "fr", false)
}

func survivorFlow(t *testing.T, lang, countryName string, js bool) {
	e, _ := newBrowserEnv(t)
	tb := newTab(t, e.URL, js)
	tb.open("/")
	// The language switch, then the consultation and registration.
	tb.press(`a[hreflang="` + lang + `"]`)
	tb.waitText("html", "")
	if got := tb.eval(`document.documentElement.lang + " " + document.documentElement.dir`); got != lang+" "+dirOf(lang) {
		t.Fatalf("after the language switch the page is %q", got)
	}
	tb.press(`a[href="/c/` + e.c.Slug + `"]`)
	tb.waitPage("consultation")
	tb.press(`a[href="/c/` + e.c.Slug + `/register"]`)
	tb.waitPage("register")

	// A first try without a country: the error summary, then its link.
	tb.typeInto("#name", "Red-"+lang)
	tb.typeInto("#contributor", "Ana")
	tb.press(`form button[type="submit"]`)
	tb.do(chromedp.WaitVisible(chromedp.CSS(`.error-summary a[href="#country"]`)))
	if got := tb.value("#name"); got != "Red-"+lang {
		t.Fatalf("the name typed was not kept: %q", got)
	}
	tb.press(`.error-summary a[href="#country"]`)
	tb.tabTo("#country")
	// Typing a name opens the list at it; Enter chooses it.
	tb.keys(countryName)
	tb.keys(kb.Enter)
	if got := tb.value("#country"); got != "CO" {
		t.Fatalf("typing %q in the country list chose %q", countryName, got)
	}
	tb.typeInto("#email", "ana@example.org")
	tb.press(`form button[type="submit"]`)
	tb.waitPage("registered")
	link := tb.value("#access-link")
	if !strings.HasPrefix(link, e.URL+"/r/") {
		t.Fatalf("access link = %q", link)
	}
	tb.press(`a[href="/respond"]`)

	f := &flow{e: e, tb: tb, qs: e.questions(domain.AudienceSurvivors), js: js, tag: "Respuesta-" + lang}
	f.answerAll()
	first := f.submit(" ") // the first choice: quoted with the name
	f.editAndResubmit(first)

	// The link shown once opens the same answers in another browser.
	other := newTab(t, e.URL, js)
	other.open(strings.TrimPrefix(link, e.URL))
	other.waitPage("respond")
	if got := other.value(fmt.Sprintf("#q-%d-text", f.qs[0].ID)); !strings.Contains(got, "revised") {
		t.Fatalf("the access link shows %q", got)
	}
}

func dirOf(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

func TestBrowserSurvivorOrganisationKeyboardOnly(t *testing.T) {
	t.Parallel()
	survivorFlow(t, "ar", "كولومبيا", true)
}

func TestBrowserSurvivorOrganisationWithoutScript(t *testing.T) {
	t.Parallel()
	survivorFlow(t, "es", "Colombia", false)
}
