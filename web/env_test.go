package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// env is a running server over a test database with the 2012 consultation.
type env struct {
	t   *testing.T
	st  *store.Store
	URL string
	c   *store.Consultation
}

// newEnv starts the server in-process on httptest's listener.
func newEnv(t *testing.T, edit ...func(*questionset.File)) *env {
	t.Helper()
	e := newStoreEnv(t, edit...)
	srv := httptest.NewServer(e.handler())
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	return e
}

// newStoreEnv loads the consultation into a test database of its own, with
// edit applied to the file first.
func newStoreEnv(t *testing.T, edit ...func(*questionset.File)) *env {
	t.Helper()
	st := dbtest.NewStore(t)
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, fn := range edit {
		fn(f)
	}
	res, err := st.LoadConsultation(context.Background(), f)
	if err != nil {
		t.Fatalf("load consultation: %v", err)
	}
	return &env{t: t, st: st, c: res.Consultation}
}

func (e *env) handler() http.Handler {
	return app.NewRouter(e.st, slog.New(slog.NewTextHandler(io.Discard, nil)), "")
}

// closedIn2012 closes the consultation at the end of the 2012 meeting.
func closedIn2012(f *questionset.File) {
	at := time.Date(2012, 5, 25, 18, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	f.ClosesAt = &at
}

// invite creates a contributor of audience in country and returns the
// token of their access link.
func (e *env) invite(audience domain.Audience, country, name, contributor string) string {
	e.t.Helper()
	acc, err := e.st.Invite(context.Background(), store.NewRespondent{Consultation: e.c.Slug, Audience: audience,
		Name: name, Country: country, Contributor: contributor})
	if err != nil {
		e.t.Fatalf("invite: %v", err)
	}
	return acc.Token
}

// browser is an HTTP client with cookies that does not follow redirects,
// so tests see each one.
type browser struct {
	e    *env
	c    *http.Client
	lang string
}

func (e *env) browser(lang string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, lang: lang, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	Status int
	Header http.Header
	Body   string
}

func (b *browser) do(method, path string, form url.Values, header ...string) page {
	b.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.e.URL+path, body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return page{Status: res.StatusCode, Header: res.Header, Body: string(raw)}
}

func (b *browser) get(path string) page { return b.do("GET", path, nil) }

// post sends a form with the CSRF token of the page it came from.
func (b *browser) post(path string, from page, form url.Values) page {
	b.e.t.Helper()
	form.Set("csrf", hidden(b.e.t, from, "csrf"))
	return b.do("POST", path, form)
}

var inputRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// hidden returns the value of a hidden input of a page.
func hidden(t *testing.T, p page, name string) string {
	t.Helper()
	for _, m := range inputRE.FindAllStringSubmatch(p.Body, -1) {
		if m[1] == name {
			return htmlUnescape(m[2])
		}
	}
	t.Fatalf("no hidden input %q in page:\n%s", name, p.Body)
	return ""
}

// hiddenValues returns every hidden input of a page, as a form would send
// them.
func hiddenValues(p page) url.Values {
	v := url.Values{}
	for _, m := range inputRE.FindAllStringSubmatch(p.Body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	return v
}

var (
	textareaRE = regexp.MustCompile(`(?s)<textarea id="[^"]*" name="([^"]+)"[^>]*>(.*?)</textarea>`)
	checkedRE  = regexp.MustCompile(`<input type="radio" id="[^"]*" name="([^"]+)" value="([^"]*)" checked>`)
)

// formValues returns what a browser would send for a page's form as it
// stands: hidden inputs, text boxes and checked radios.
func formValues(p page) url.Values {
	v := hiddenValues(p)
	for _, m := range textareaRE.FindAllStringSubmatch(p.Body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range checkedRE.FindAllStringSubmatch(p.Body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#43;", "+", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

func wantStatus(t *testing.T, p page, want int) {
	t.Helper()
	if p.Status != want {
		t.Fatalf("status = %d, want %d; body:\n%s", p.Status, want, p.Body)
	}
}

func wantRedirect(t *testing.T, p page, want string) {
	t.Helper()
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != want {
		t.Fatalf("answer = %d to %q, want 303 to %q; body:\n%s", p.Status, p.Header.Get("Location"), want, p.Body)
	}
}

func wantContains(t *testing.T, p page, parts ...string) {
	t.Helper()
	for _, s := range parts {
		if !strings.Contains(p.Body, s) {
			t.Fatalf("page lacks %q:\n%s", s, p.Body)
		}
	}
}

// questions returns the question ids of a set, in order.
func (e *env) questions(audience domain.Audience) []store.Question {
	set, ok := e.c.QuestionSet(audience)
	if !ok {
		e.t.Fatalf("no %s question set", audience)
	}
	return set.Questions
}
