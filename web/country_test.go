package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/vaconsult/vaconsult/internal/lang"
)

var optionRE = regexp.MustCompile(`<option value="([^"]*)"[^>]*>([^<]*)</option>`)

// The registration form offers every current ISO 3166-1 country once, by
// its name in the page's language, in that language's order.
func TestRegistrationOffersEachCurrentCountryOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, l := range lang.Supported {
		p := e.browser(l).get("/c/" + e.c.Slug + "/register")
		wantStatus(t, p, http.StatusOK)
		codes, names := map[string]bool{}, map[string]string{}
		col := collate.New(language.Make(l))
		prev := ""
		for _, m := range optionRE.FindAllStringSubmatch(p.Body, -1) {
			code, name := m[1], htmlUnescape(m[2])
			if code == "" {
				continue // "Choose a country"
			}
			if codes[code] {
				t.Errorf("%s: %s offered twice", l, code)
			}
			codes[code] = true
			if other, dup := names[name]; dup {
				t.Errorf("%s: %s and %s are both %q", l, other, code, name)
			}
			names[name] = code
			if prev != "" && col.CompareString(prev, name) > 0 {
				t.Errorf("%s: %q before %q", l, prev, name)
			}
			prev = name
		}
		if got, want := len(codes), 249; got != want {
			t.Errorf("%s: %d countries offered, want %d", l, got, want)
		}
		for _, cc := range []string{"KH", "BF", "PS", "SS", "CW", "SX", "BQ", "AX"} {
			if !codes[cc] {
				t.Errorf("%s: %s not offered", l, cc)
			}
		}
		for _, cc := range []string{"EZ", "UN", "EU", "HV", "QO", "ZZ", "XK", "AC", "TA"} {
			if codes[cc] {
				t.Errorf("%s: %s offered", l, cc)
			}
		}
	}
}

// A code from outside the list, sent by a hand-made form, is refused with
// the field named and the rest of the input kept.
func TestRegistrationRefusesACountryOutsideTheList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("en")
	path := "/c/" + e.c.Slug + "/register"
	form := b.get(path)
	for _, cc := range []string{"HV", "EZ", "UN", "zz"} {
		p := b.post(path, form, url.Values{"kind": {"organisation"}, "name": {"Volta Survivors"},
			"country": {cc}, "contributor": {"Awa"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantContains(t, p, `class="error-summary"`, `href="#country"`, `id="country-error"`,
			"Choose a country from the list", `value="Volta Survivors"`, `value="Awa"`)
	}
	d, err := e.st.Dashboard(context.Background(), e.c.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Respondents) != 0 {
		t.Fatalf("respondents after refused registrations: %+v, want none", d.Respondents)
	}
}

// A row holding a code that is no longer current (stored before the list
// was enforced) still shows, under its code, and is flagged for an
// administrator to correct.
func TestDashboardFlagsCountriesThatAreNotCurrent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.invite("survivors", "BF", "Burkinabe Network", "Awa")
	var id int64
	err := e.st.Pool().QueryRow(context.Background(), `
		INSERT INTO respondents (consultation_id, question_set_id, audience, kind, name, country)
		SELECT consultation_id, id, audience, 'organisation', 'Volta Network', 'HV'
		FROM question_sets WHERE consultation_id = $1 AND audience = 'survivors'
		RETURNING id`, e.c.ID).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	b := e.reviewer("co-chair")
	p := b.get("/review/c/" + e.c.Slug)
	wantStatus(t, p, http.StatusOK)
	wantContains(t, p, `id="outdated-countries"`, "not a current ISO 3166-1 code",
		`<a href="/review/c/`+e.c.Slug+`?from=`+itoa(id)+`#respondent-`+itoa(id)+`"><bdi>Volta Network</bdi></a> (HV)`,
		`<a href="/review/c/`+e.c.Slug+`/country/HV">HV</a>`)
	wantLacks(t, p, `#respondent-`+itoa(id-1)+`">`)
	wantStatus(t, b.get("/review/c/"+e.c.Slug+"/country/HV"), http.StatusOK)
}
