package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
)

// refused are values no field may hold: PostgreSQL cannot store a NUL
// character or invalid UTF-8, so they must be refused before any query.
// Each is written as it travels in a URL, a cookie or a form.
var refused = []string{"a%00b", "%FF", "%ED%A0%80"}

// benign are hostile values that are nonetheless text: they may be
// refused or stored, but must never cause a server error.
var benign = []string{
	"' OR 1=1 --", `"><script>alert(1)</script>`, "\u202Eevil\u202C\u200B", "\uFEFF\uFF1D1+2",
	"-1", "99999999999999999999999", "[]", "..%2F..%2Fetc%2Fpasswd", strings.Repeat("\u0627", 5000),
}

// queryKeys and formKeys are every parameter a page or the API reads.
var (
	queryKeys = []string{"lang", "audience", "kind", "region", "language", "country", "theme", "page", "p",
		"format", "variant", "next", "saved", "done", "verified", "signedout", "e"}
	formKeys = []string{"name", "email", "password", "kind", "country", "contributor", "keypoints", "version",
		"theme", "role", "response", "next", "action", "attribution", "answer-lang", "e",
		"carry", "follows"}
	cookieNames = []string{"vaconsult_lang", "vaconsult_csrf", "vaconsult_session", "vaconsult_link"}
	paramRE     = regexp.MustCompile(`:[a-z]+`)
)

// The copy of a submission reads its receipt and its language too.
func init() { queryKeys = append(queryKeys, "receipt", "in") }

// storedTables are counted before and after the refused values: none of
// them may gain or lose a row.
var storedTables = []string{"respondents", "contributors", "responses", "answers", "answer_revisions",
	"submissions", "submitted_answers", "audit_log", "web_sessions", "reviewers", "reviewer_sessions",
	"reviewer_tokens", "rate_events", "themes", "answer_themes", "key_points"}

// TestHostileInput sends a corpus of hostile values to every registered
// route as every principal: in each path parameter, in every query
// parameter, in every form field, in each of the site's cookies, in the
// headers the server reads and, to the API, in JSON bodies. No answer may
// be a server error; a value that is not text (a NUL, invalid UTF-8) gets
// 400 (413 for an oversize body) wherever it is, and changes nothing.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(f *questionset.File) { f.SelfRegistration = true })
	e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named", "Text.")
	callers := newCallers(t, e)
	for _, q := range e.questions(domain.AudienceStatesParties) {
		formKeys = append(formKeys, fmt.Sprintf("q-%d-text", q.ID), fmt.Sprintf("q-%d-choice", q.ID),
			fmt.Sprintf("q-%d-v", q.ID), fmt.Sprintf("q-%d-h", q.ID))
	}
	var routes []gin.RouteInfo
	for _, r := range e.handler().(*gin.Engine).Routes() {
		if !strings.HasSuffix(r.Path, "/signout") { // ends the sessions the others need
			routes = append(routes, r)
		}
	}

	// Each principal asks in parallel; the refused values all come first,
	// so that nothing the benign ones store is counted against them.
	each := func(t *testing.T, fn func(t *testing.T, p int, r gin.RouteInfo)) {
		for p := range principals {
			t.Run(principalNames[p], func(t *testing.T) {
				t.Parallel()
				for _, r := range routes {
					fn(t, p, r)
				}
			})
		}
	}
	before := e.countRows(t)
	t.Run("refused", func(t *testing.T) {
		each(t, func(t *testing.T, p int, r gin.RouteInfo) {
			for _, v := range refused {
				for _, req := range hostileRequests(e.c.Slug, r, v, true) {
					if got := callers[p].send(t, req); !req.ok(got.Status) {
						t.Errorf("%s as %s = %d, want %d", req, principalNames[p], got.Status, req.want)
					}
				}
			}
		})
	})
	if after := e.countRows(t); after != before {
		t.Errorf("refused requests changed the database:\nbefore %s\nafter  %s", before, after)
	}
	t.Run("benign", func(t *testing.T) {
		each(t, func(t *testing.T, p int, r gin.RouteInfo) {
			for _, v := range benign {
				for _, req := range hostileRequests(e.c.Slug, r, url.QueryEscape(v), false) {
					if req.form != "" && r.Path == "/review/signin" && p != none {
						continue // each costs a password hash: once is enough
					}
					if got := callers[p].send(t, req); got.Status >= 500 {
						t.Errorf("%s as %s = %d, want no server error", req, principalNames[p], got.Status)
					}
				}
			}
		})
	})
}

// hostileRequest is one request of the corpus and, for a refused value,
// the status it must get.
type hostileRequest struct {
	method, path string
	form         string // url-encoded, for a POST to the pages
	json         string // a body, for the API
	cookie       string // name=value, sent before the caller's own
	header       [2]string
	want         int
	any4xx       bool // any refusal will do, not only want
}

// ok reports whether status is what the request must get.
func (r hostileRequest) ok(status int) bool {
	if r.any4xx {
		return status >= 400 && status < 500
	}
	return status == r.want
}

func (r hostileRequest) String() string {
	s := r.method + " " + r.path
	switch {
	case r.form != "":
		s += " form " + r.form
	case r.json != "":
		s += " body " + r.json
	case r.cookie != "":
		s += " cookie " + r.cookie
	case r.header[0] != "":
		s += fmt.Sprintf(" header %s: %q", r.header[0], r.header[1])
	}
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// hostileRequests returns the requests that carry v, escaped, to route r:
// in each path parameter, then in every query parameter, the form or the
// body and, when it is refused, each cookie and each header read.
func hostileRequests(slug string, r gin.RouteInfo, v string, isRefused bool) []hostileRequest {
	want := 0
	if isRefused {
		want = http.StatusBadRequest
	}
	fill := func(path string) string {
		path = strings.ReplaceAll(path, ":slug", slug)
		path = strings.ReplaceAll(path, ":name", "app.css")
		return paramRE.ReplaceAllString(path, "1")
	}
	plain := fill(r.Path)
	var out []hostileRequest
	for _, m := range paramRE.FindAllStringIndex(r.Path, -1) {
		p := fill(r.Path[:m[0]]) + v + fill(r.Path[m[1]:])
		out = append(out, hostileRequest{method: r.Method, path: p, want: want})
	}
	q := make([]string, len(queryKeys))
	for i, k := range queryKeys {
		q[i] = k + "=" + v
	}
	out = append(out, hostileRequest{method: r.Method, path: plain + "?" + strings.Join(q, "&"), want: want})
	api := strings.HasPrefix(plain, "/api/")
	switch {
	case api && r.Method != "GET" && r.Method != "HEAD":
		raw, _ := url.QueryUnescape(v)
		for _, body := range hostileBodies(raw) {
			// The body is read after the token is checked: any 4xx will do.
			out = append(out, hostileRequest{method: r.Method, path: plain, json: body, want: want, any4xx: isRefused})
		}
	case r.Method == "POST":
		f := make([]string, len(formKeys))
		for i, k := range formKeys {
			f[i] = k + "=" + v
		}
		out = append(out, hostileRequest{method: r.Method, path: plain, form: strings.Join(f, "&"), want: want})
	}
	if !isRefused {
		return out
	}
	for _, name := range cookieNames {
		out = append(out, hostileRequest{method: r.Method, path: plain, cookie: name + "=" + v, want: want})
	}
	if raw, _ := url.QueryUnescape(v); !strings.ContainsRune(raw, 0) {
		// A client cannot send a NUL in a header; invalid UTF-8 it can.
		out = append(out,
			hostileRequest{method: r.Method, path: plain, header: [2]string{"Accept-Language", raw}, want: want},
			hostileRequest{method: r.Method, path: plain, header: [2]string{"Authorization", "Bearer " + raw}, want: want})
	}
	return out
}

// hostileBodies returns JSON bodies that carry v in every field the API
// reads, where it belongs and where a number or a list belongs.
func hostileBodies(v string) []string {
	s := jsonString(v)
	return []string{
		`{"name":` + s + `,"country":` + s + `,"kind":` + s + `,"contributor":` + s + `,"email":` + s + `}`,
		`{"version":1,"lang":` + s + `,"answers":[{"question_id":1,"choice":` + s + `,"text":` + s + `,"lang":` + s + `}]}`,
		`{"version":1,"attribution":` + s + `}`,
		`{"version":` + s + `,"answers":` + s + `}`,
	}
}

// jsonString quotes v as JSON would, but keeps invalid UTF-8 as raw bytes
// and a NUL escaped, as an attacker would send them.
func jsonString(v string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == 0:
			b.WriteString(`\u0000`)
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			fmt.Fprintf(&b, `\u%04x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// send sends req as the caller: with their cookies, but without keeping
// the ones the answer sets, so that a refused cookie never replaces theirs;
// with their CSRF field in a form, and their bearer token to the API unless
// the request brings its own.
func (c caller) send(t *testing.T, req hostileRequest) page {
	t.Helper()
	body := req.json
	api := strings.HasPrefix(req.path, "/api/")
	if req.method == "POST" && !api {
		body = "csrf=" + url.QueryEscape(c.csrf)
		if req.form != "" {
			body = req.form + "&" + body
		}
	}
	r, err := http.NewRequest(req.method, c.b.e.URL+req.path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case req.json != "":
		r.Header.Set("Content-Type", "application/json")
	case req.method == "POST" && !api:
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if api && c.token != "" {
		r.Header.Set("Authorization", "Bearer "+c.token)
	}
	if req.header[0] != "" {
		r.Header.Set(req.header[0], req.header[1])
	}
	cookies := []string{}
	if req.cookie != "" {
		cookies = append(cookies, req.cookie) // first, so that it is the one read
	}
	for _, ck := range c.b.c.Jar.Cookies(r.URL) {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
	r.Header.Set("Cookie", strings.Join(cookies, "; "))
	res, err := noRedirects.Do(r)
	if err != nil {
		t.Fatalf("%s: %v", req, err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	return page{Status: res.StatusCode, Header: res.Header}
}

// noRedirects is a client without cookies that shows each redirect.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// countRows returns the number of rows of every table that holds what
// people send, as one line.
func (e *env) countRows(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, table := range storedTables {
		var n int
		if err := e.st.Pool().QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%d ", table, n)
	}
	return b.String()
}
