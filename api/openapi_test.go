package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/gin-gonic/gin"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vaconsult/vaconsult/api"
	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

const (
	seedSlug           = "va-impact-2012"
	upcomingSlug       = "va-impact-upcoming"
	closedSlug         = "va-impact-closed"
	invitationOnlySlug = "va-impact-invitation-only"
	siteURL            = "http://example.test"
)

// spec is the document, loaded and validated once for every test.
var spec = sync.OnceValues(func() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(api.OpenAPI)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	return doc, nil
})

func loadSpec(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	doc, err := spec()
	if err != nil {
		t.Fatalf("api/openapi.json: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("route api/openapi.json: %v", err)
	}
	return doc, router
}

func TestOpenAPIDocument(t *testing.T) {
	t.Parallel()
	doc, _ := loadSpec(t)
	if got, want := doc.OpenAPI, "3.0.3"; got != want {
		t.Errorf("openapi = %q, want %q", got, want)
	}
	if got, want := doc.Info.Title, "vaconsult API"; got != want {
		t.Errorf("info.title = %q, want %q", got, want)
	}
	if _, ok := doc.Components.SecuritySchemes["accessToken"]; !ok {
		t.Errorf("components.securitySchemes has no accessToken, want an http bearer scheme")
	}
	tags := map[string]bool{}
	for _, tag := range doc.Tags {
		tags[tag.Name] = true
	}
	operationIDs := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			if op.OperationID == "" || op.Summary == "" {
				t.Errorf("%s: operationId %q, summary %q; want both", where, op.OperationID, op.Summary)
			}
			if other, dup := operationIDs[op.OperationID]; dup {
				t.Errorf("%s: operationId %q is also that of %s", where, op.OperationID, other)
			}
			operationIDs[op.OperationID] = where
			if len(op.Tags) == 0 {
				t.Errorf("%s: no tag, want one of the document's tags", where)
			}
			for _, tag := range op.Tags {
				if !tags[tag] {
					t.Errorf("%s: tag %q is not declared in the document's tags", where, tag)
				}
			}
			// The health checks sit outside /api/, where a failure is a page.
			if strings.HasPrefix(path, "/api/") && op.Responses.Status(http.StatusInternalServerError) == nil {
				t.Errorf("%s: no 500 response, want one (any API route can fail)", where)
			}
			if op.RequestBody != nil {
				for _, status := range []int{http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity} {
					if op.Responses.Status(status) == nil {
						t.Errorf("%s takes a body but documents no %d response", where, status)
					}
				}
			}
			secured := op.Security != nil && len(*op.Security) > 0
			if secured && op.Responses.Status(http.StatusUnauthorized) == nil {
				t.Errorf("%s needs an access token but documents no 401 response", where)
			}
		}
	}

	// Error is strict at the top level but lets codes add keys inside.
	errSchema := doc.Components.Schemas["Error"].Value
	for _, tc := range []struct {
		body string
		ok   bool
	}{
		{`{"error":{"code":"version_conflict","message":"m","fields":{},"current_version":3}}`, true},
		{`{"error":{"code":"validation_failed","message":"m","fields":{"name":"is required"}}}`, true},
		{`{"error":{"code":"x","message":"m"}}`, false},
		{`{"error":{"code":"x","message":"m","fields":{"a":1}}}`, false},
		{`{"error":{"code":"x","message":"m","fields":{}},"extra":true}`, false},
	} {
		err := errSchema.VisitJSON(decodeAny(t, []byte(tc.body)))
		if got := err == nil; got != tc.ok {
			t.Errorf("Error schema on %s: accepted = %v, want %v (%v)", tc.body, got, tc.ok, err)
		}
	}
}

func TestOpenAPIRoutesMatchRouter(t *testing.T) {
	t.Parallel()
	doc, _ := loadSpec(t)
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	engine := app.NewRouter(dbtest.NewStore(t), slog.New(slog.NewTextHandler(io.Discard, nil)), siteURL)
	param := regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)
	registered := map[string]bool{}
	for _, r := range engine.Routes() {
		// Web pages share the engine; the document describes the JSON API
		// and the health checks.
		if !strings.HasPrefix(r.Path, "/api/") && r.Path != "/healthz" && r.Path != "/readyz" {
			continue
		}
		registered[r.Method+" "+param.ReplaceAllString(r.Path, "{$1}")] = true
	}
	if len(registered) == 0 {
		t.Fatal("the router registers no route, want the API's routes")
	}
	for _, route := range sortedKeys(registered) {
		if !documented[route] {
			t.Errorf("route %s is served but not in api/openapi.json", route)
		}
	}
	for _, route := range sortedKeys(documented) {
		if !registered[route] {
			t.Errorf("route %s is in api/openapi.json but not served", route)
		}
	}
}

// TestOpenAPIExchanges drives the real router over a real database and checks
// every request and every answer against the document. Its subtests run in
// parallel; once they are done, every response the document lists must have
// been seen.
func TestOpenAPIExchanges(t *testing.T) {
	t.Parallel()
	doc, _ := loadSpec(t)
	seen := &coverage{statuses: map[string]bool{}}
	t.Run("group", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			fn   func(*testing.T, *apiTest)
		}{
			{"health", testHealth},
			{"document", testServedDocument},
			{"consultations", testConsultations},
			{"registration", testRegistration},
			{"registration countries", testRegistrationCountries},
			{"lost link", testLostLink},
			{"response", testStatesPartiesResponse},
			{"survivors", testSurvivorsResponse},
			{"answer languages", testAnswerLanguages},
			{"answer merge", testAnswerMerge},
			{"opening times", testOpeningTimes},
			{"withdrawal", testWithdrawal},
			{"submission copies", testSubmissionCopies},
			{"previous answers", testPreviousAnswers},
			{"sign-off", testSignOff},
			{"reviewer", testReviewer},
			{"invitations", testInvitations},
			{"invitations by email", testInvitationsByEmail},
			{"attachments", testAttachments},
			{"exports busy", testExportsBusy},
			{"database down", testDatabaseDown},
			{"edge", testEdge},
			{"undocumented", testUndocumented},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				tc.fn(t, newAPITest(t, seen))
			})
		}
	})
	if t.Failed() || strings.Contains(flag.Lookup("test.run").Value.String(), "/") {
		return // a failure or a chosen subtest leaves responses unseen
	}
	// Only a bug could make these answer 500: a database outage answers
	// 503, a bad value 400.
	unreachable := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			unreachable[method+" "+path+" 500"] = true
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status := range op.Responses.Map() {
				key := method + " " + path + " " + status
				if !seen.statuses[key] && !unreachable[key] {
					t.Errorf("no test saw %s, a response the document lists", key)
				}
			}
		}
	}
}

type coverage struct {
	mu       sync.Mutex
	statuses map[string]bool // "GET /api/v1/response 200"
}

func (c *coverage) add(method, path string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.statuses[fmt.Sprintf("%s %s %d", method, path, status)] = true
}

// apiTest is a router over a database of its own holding the 2012
// consultation, with the document to check exchanges against.
type apiTest struct {
	t      *testing.T
	ctx    context.Context
	st     *store.Store
	engine *gin.Engine
	doc    *openapi3.T
	router routers.Router
	seen   *coverage
}

func newAPITest(t *testing.T, seen *coverage) *apiTest {
	t.Helper()
	doc, router := loadSpec(t)
	st := dbtest.NewStore(t)
	a := &apiTest{t: t, ctx: context.Background(), st: st, doc: doc, router: router, seen: seen,
		engine: app.NewRouter(st, slog.New(slog.NewTextHandler(io.Discard, nil)), siteURL)}
	a.loadConsultation(seedSlug, func(*questionset.File) {})
	return a
}

// loadConsultation loads the 2012 consultation under another slug, changed
// by change.
func (a *apiTest) loadConsultation(consultation string, change func(*questionset.File)) {
	a.t.Helper()
	f, err := consultations.Default()
	if err != nil {
		a.t.Fatalf("default consultation: %v", err)
	}
	f.Slug = consultation
	change(f)
	if _, err := a.st.LoadConsultation(a.ctx, f); err != nil {
		a.t.Fatalf("load consultation %s: %v", consultation, err)
	}
}

// invite invites a contributor of the States Party of country and returns
// their access token.
func (a *apiTest) invite(consultation, country, name, contributor string) string {
	a.t.Helper()
	acc, err := a.st.Invite(a.ctx, store.NewRespondent{Consultation: consultation, Audience: "states-parties",
		Name: name, Country: country, Contributor: contributor})
	if err != nil {
		a.t.Fatalf("invite %s to %s: %v", name, consultation, err)
	}
	return acc.Token
}

// questionIDs returns the ids of the audience's questions, by number.
func (a *apiTest) questionIDs(consultation string, audience domain.Audience) map[int]int64 {
	a.t.Helper()
	c, err := a.st.FindConsultationBySlug(a.ctx, consultation)
	if err != nil {
		a.t.Fatalf("find consultation %s: %v", consultation, err)
	}
	qs, ok := c.QuestionSet(audience)
	if !ok {
		a.t.Fatalf("consultation %s has no %s question set", consultation, audience)
	}
	ids := map[int]int64{}
	for _, q := range qs.Questions {
		ids[q.Number] = q.ID
	}
	return ids
}

// conformance says what the document should make of a request.
type conformance int

const (
	conforms   conformance = iota // the document accepts the request
	violates                      // the document already rejects the request
	beyondSpec                    // the rule broken cannot be said in a schema (invalid UTF-8, NUL, trailing data)
)

// call is one request and the answer wanted.
type call struct {
	method, path string
	token        string // sent as Authorization: Bearer; none when empty
	header       map[string]string
	body         any  // sent as is when []byte, else as JSON; no body when nil
	chunked      bool // send the body without a Content-Length
	request      conformance
	status       int
	code         string // the error code wanted, for an error answer
}

// reply is what the router answered.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// errorBody decodes an error answer.
func (r reply) errorBody(t *testing.T) errorOut {
	t.Helper()
	var e errorOut
	r.decode(t, &e)
	return e
}

func (c call) raw(t *testing.T) []byte {
	t.Helper()
	switch b := c.body.(type) {
	case nil:
		return nil
	case []byte:
		return b
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatalf("marshal %#v: %v", b, err)
		}
		return raw
	}
}

func (c call) newRequest(raw []byte) *http.Request {
	var body io.Reader
	if raw != nil {
		body = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(c.method, siteURL+c.path, body)
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	if c.chunked {
		req.ContentLength = -1
	}
	return req
}

// bearer stands in for authentication in the document: the request must
// carry a bearer token; whether the token is valid is the server's business.
func bearer(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	token, ok := strings.CutPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		return errors.New("no bearer token")
	}
	return nil
}

// do sends c to the router, checks the request and the answer against the
// document, and checks the status and error code wanted.
func (a *apiTest) do(c call) reply {
	t := a.t
	t.Helper()
	raw := c.raw(t)
	rec := httptest.NewRecorder()
	a.engine.ServeHTTP(rec, c.newRequest(raw))
	got := reply{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	what := fmt.Sprintf("%s %s", c.method, c.path)

	req := c.newRequest(raw)
	route, params, err := a.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s: not in api/openapi.json: %v", what, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: bearer, MultiError: true}}
	reqErr := openapi3filter.ValidateRequest(a.ctx, in)
	switch {
	case c.request == conforms && reqErr != nil:
		t.Errorf("%s: the document rejects the request, want it accepted: %v", what, reqErr)
	case c.request == violates && reqErr == nil:
		t.Errorf("%s: the document accepts the request, want it rejected (the server answers %d %s)", what, c.status, c.code)
	}

	err = openapi3filter.ValidateResponse(a.ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: got.status, Header: got.header,
		Body:    io.NopCloser(bytes.NewReader(got.body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	})
	if err != nil {
		t.Errorf("%s: the answer %d %s does not match the document: %v", what, got.status, got.body, err)
	}
	a.seen.add(c.method, route.Path, got.status)
	a.checkStatus(what, c, got)
	return got
}

// doUndocumented sends c, which no route of the document describes, and
// checks its answer against the schema named.
func (a *apiTest) doUndocumented(c call, schema string) reply {
	t := a.t
	t.Helper()
	rec := httptest.NewRecorder()
	a.engine.ServeHTTP(rec, c.newRequest(c.raw(t)))
	got := reply{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	what := fmt.Sprintf("%s %s", c.method, c.path)
	if ct, want := got.header.Get("Content-Type"), "application/json; charset=utf-8"; ct != want {
		t.Errorf("%s: Content-Type = %q, want %q", what, ct, want)
	}
	ref, ok := a.doc.Components.Schemas[schema]
	if !ok {
		t.Fatalf("components.schemas has no %s", schema)
	}
	if err := ref.Value.VisitJSON(decodeAny(t, got.body), openapi3.MultiErrors()); err != nil {
		t.Errorf("%s: the answer %s does not match schema %s: %v", what, got.body, schema, err)
	}
	a.checkStatus(what, c, got)
	return got
}

func (a *apiTest) checkStatus(what string, c call, got reply) {
	t := a.t
	t.Helper()
	if got.status != c.status {
		t.Fatalf("%s: status = %d, want %d; body %s", what, got.status, c.status, got.body)
	}
	if c.code == "" {
		return
	}
	if e := got.errorBody(t); e.Error.Code != c.code {
		t.Fatalf("%s: error code = %q, want %q; body %s", what, e.Error.Code, c.code, got.body)
	}
}

func decodeAny(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return v
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

type errorOut struct {
	Error struct {
		Code           string            `json:"code"`
		Message        string            `json:"message"`
		Fields         map[string]string `json:"fields"`
		CurrentVersion *int              `json:"current_version"`
		OpensAt        *time.Time        `json:"opens_at"`
		ClosesAt       *time.Time        `json:"closes_at"`
	} `json:"error"`
}

type responseOut struct {
	Status           string     `json:"status"`
	Version          int        `json:"version"`
	Attribution      *string    `json:"attribution"`
	Receipt          *string    `json:"receipt"`
	SubmittedVersion *int       `json:"submitted_version"`
	SubmittedAt      *time.Time `json:"submitted_at"`
	Audience         string     `json:"audience"`
	Contributor      string     `json:"contributor"`
	Answers          []struct {
		QuestionID int64   `json:"question_id"`
		Choice     *string `json:"choice"`
		Text       string  `json:"text"`
		Version    int     `json:"version"`
		UpdatedBy  string  `json:"updated_by"`
	} `json:"answers"`
}

type savedOut struct {
	Version int  `json:"version"`
	Changed bool `json:"changed"`
}

type answerBody struct {
	QuestionID int64   `json:"question_id"`
	Choice     *string `json:"choice,omitempty"`
	Text       string  `json:"text,omitempty"`
}

type draftBody struct {
	Version int          `json:"version"`
	Answers []answerBody `json:"answers"`
}

func pointerTo[T any](v T) *T { return &v }

// neverIssuedToken is well formed but was never issued.
var neverIssuedToken = strings.Repeat("A", 43)

func testHealth(t *testing.T, a *apiTest) {
	a.do(call{method: "GET", path: "/healthz", status: 200})
	a.do(call{method: "HEAD", path: "/healthz", status: 200})
	a.do(call{method: "HEAD", path: "/readyz", status: 200})
	r := a.do(call{method: "GET", path: "/readyz", status: 200})
	if got, want := string(r.body), `{"database":"ok","status":"ok"}`; got != want {
		t.Errorf("GET /readyz = %s, want %s", got, want)
	}
}

func testServedDocument(t *testing.T, a *apiTest) {
	r := a.do(call{method: "GET", path: "/api/v1/openapi.json", status: 200})
	if !bytes.Equal(r.body, api.OpenAPI) {
		t.Errorf("GET /api/v1/openapi.json serves %d bytes that differ from api/openapi.json (%d bytes)", len(r.body), len(api.OpenAPI))
	}
	if got, want := r.header.Get("Content-Type"), "application/json; charset=utf-8"; got != want {
		t.Errorf("GET /api/v1/openapi.json: Content-Type = %q, want %q", got, want)
	}
	if got, want := r.header.Get("Cache-Control"), "no-store"; got != want {
		t.Errorf("GET /api/v1/openapi.json: Cache-Control = %q, want %q", got, want)
	}
}

func testConsultations(t *testing.T, a *apiTest) {
	a.loadConsultation(upcomingSlug, func(f *questionset.File) {
		f.OpensAt = pointerTo(time.Now().Add(365 * 24 * time.Hour))
	})
	a.loadConsultation(closedSlug, func(f *questionset.File) {
		f.ClosesAt = pointerTo(time.Date(2012, 5, 25, 16, 0, 0, 0, time.UTC))
	})

	var list struct {
		Consultations []struct {
			Slug, Title, Status string
			OpensAt             *time.Time `json:"opens_at"`
			ClosesAt            *time.Time `json:"closes_at"`
		}
	}
	r := a.do(call{method: "GET", path: "/api/v1/consultations", status: 200})
	r.decode(t, &list)
	statuses := map[string]string{}
	for _, c := range list.Consultations {
		statuses[c.Slug] = c.Status
	}
	want := map[string]string{seedSlug: "open", upcomingSlug: "upcoming", closedSlug: "closed"}
	if fmt.Sprint(statuses) != fmt.Sprint(want) {
		t.Errorf("GET /api/v1/consultations: statuses %v, want %v", statuses, want)
	}
	if got, want := r.header.Get("Content-Language"), "en"; got != want {
		t.Errorf("GET /api/v1/consultations: Content-Language = %q, want %q", got, want)
	}

	for _, tc := range []struct {
		path, acceptLanguage string
		request              conformance
		want                 string
	}{
		{"/api/v1/consultations?lang=fr", "", conforms, "fr"},
		{"/api/v1/consultations", "es-CO, es;q=0.9, en;q=0.5", conforms, "es"},
		{"/api/v1/consultations?lang=de", "ar", violates, "ar"}, // an unknown lang is ignored
		{"/api/v1/consultations/" + seedSlug + "?lang=ar", "fr", conforms, "ar"},
		{"/api/v1/consultations/" + seedSlug + "?lang=ru", "", conforms, "ru"},
		{"/api/v1/consultations/" + seedSlug, "zh-CN", conforms, "zh"},
		{"/api/v1/consultations/" + seedSlug, "de-CH", conforms, "en"},
	} {
		h := map[string]string{}
		if tc.acceptLanguage != "" {
			h["Accept-Language"] = tc.acceptLanguage
		}
		r := a.do(call{method: "GET", path: tc.path, header: h, request: tc.request, status: 200})
		if got := r.header.Get("Content-Language"); got != tc.want {
			t.Errorf("GET %s with Accept-Language %q: Content-Language = %q, want %q", tc.path, tc.acceptLanguage, got, tc.want)
		}
	}

	var detail struct {
		Language     string
		QuestionSets []struct {
			Audience  string
			Questions []struct {
				Number  int
				Kind    string
				Choices []struct{ Value, Label string }
			}
		} `json:"question_sets"`
	}
	r = a.do(call{method: "GET", path: "/api/v1/consultations/" + seedSlug + "?lang=fr", status: 200})
	r.decode(t, &detail)
	if got, want := detail.Language, "fr"; got != want {
		t.Errorf("GET /api/v1/consultations/%s?lang=fr: language = %q, want %q", seedSlug, got, want)
	}
	kinds := map[string][]string{}
	for _, qs := range detail.QuestionSets {
		for _, q := range qs.Questions {
			kinds[qs.Audience] = append(kinds[qs.Audience], q.Kind)
		}
	}
	wantKinds := map[string][]string{
		"states-parties": {"text", "text", "text", "text"},
		"survivors":      {"choice_comment", "text", "choice_comment"},
	}
	if fmt.Sprint(kinds) != fmt.Sprint(wantKinds) {
		t.Errorf("GET /api/v1/consultations/%s: question kinds %v, want %v", seedSlug, kinds, wantKinds)
	}

	a.do(call{method: "GET", path: "/api/v1/consultations/no-such-consultation", status: 404, code: "not_found"})
}

func registrationBody(audience, kind, name, country string) map[string]string {
	r := map[string]string{"audience": audience, "name": name, "country": country}
	if kind != "" {
		r["kind"] = kind
	}
	return r
}

func testRegistration(t *testing.T, a *apiTest) {
	a.loadConsultation(closedSlug, func(f *questionset.File) {
		f.ClosesAt = pointerTo(time.Date(2012, 5, 25, 16, 0, 0, 0, time.UTC))
	})
	a.loadConsultation(upcomingSlug, func(f *questionset.File) {
		f.OpensAt = pointerTo(time.Now().Add(365 * 24 * time.Hour))
	})
	a.loadConsultation(invitationOnlySlug, func(f *questionset.File) { f.SelfRegistration = false })
	path := func(consultation string) string { return "/api/v1/consultations/" + consultation + "/registrations" }

	var reg struct {
		AccessToken string `json:"access_token"`
		AccessURL   string `json:"access_url"`
		Respondent  struct {
			Audience, Kind, Name, Country string
			Verified                      bool
		}
	}
	r := a.do(call{method: "POST", path: path(seedSlug), status: 201, body: map[string]string{
		"audience": "survivors", "kind": "organisation", "name": "Cambodian Survivors Network",
		"country": "KH", "contributor": "Sok Dara", "email": "dara@example.org"}})
	r.decode(t, &reg)
	if got, want := reg.AccessURL, siteURL+"/r/"+reg.AccessToken; got != want {
		t.Errorf("registration: access_url = %q, want %q", got, want)
	}
	if reg.Respondent.Verified || reg.Respondent.Kind != "organisation" {
		t.Errorf("registration: respondent %+v, want an unverified organisation", reg.Respondent)
	}
	var resp responseOut
	a.do(call{method: "GET", path: "/api/v1/response", token: reg.AccessToken, status: 200}).decode(t, &resp)
	if resp.Audience != "survivors" || resp.Contributor != "Sok Dara" {
		t.Errorf("GET /api/v1/response with the registered token: audience %q, contributor %q; want survivors, Sok Dara",
			resp.Audience, resp.Contributor)
	}

	r = a.do(call{method: "POST", path: path(seedSlug), status: 201, body: registrationBody("survivors", "individual", "Ana María Gómez", "co")})
	r.decode(t, &reg)
	if reg.Respondent.Country != "CO" || reg.Respondent.Kind != "individual" {
		t.Errorf("registration of an individual: respondent %+v, want an individual of CO", reg.Respondent)
	}
	a.do(call{method: "POST", path: path(upcomingSlug), status: 201, body: registrationBody("survivors", "", "Early Birds", "SN")})

	a.do(call{method: "POST", path: path(seedSlug), status: 403, code: "registration_not_allowed",
		body: registrationBody("states-parties", "", "Cambodia", "KH")})
	a.do(call{method: "POST", path: path(invitationOnlySlug), status: 403, code: "registration_not_allowed",
		body: registrationBody("survivors", "", "Late Network", "KH")})
	a.do(call{method: "POST", path: path("no-such-consultation"), status: 404, code: "not_found",
		body: registrationBody("survivors", "", "Lost Network", "KH")})
	a.do(call{method: "POST", path: path(closedSlug), status: 409, code: "consultation_closed",
		body: registrationBody("survivors", "", "Late Network", "KH")})

	e := a.do(call{method: "POST", path: path(seedSlug), status: 422, code: "validation_failed",
		body: map[string]string{"audience": "survivors", "country": "ZZ"}, request: violates}).errorBody(t)
	if _, ok := e.Error.Fields["name"]; !ok {
		t.Errorf("registration without a name: fields %v, want one for name", e.Error.Fields)
	}
	if _, ok := e.Error.Fields["country"]; !ok {
		t.Errorf("registration with country ZZ: fields %v, want one for country", e.Error.Fields)
	}
	a.do(call{method: "POST", path: path(seedSlug), status: 422, code: "validation_failed",
		body: registrationBody("survivors", "", "Network", "ZZ")})
	a.do(call{method: "POST", path: path(seedSlug), status: 422, code: "validation_failed",
		body: registrationBody("survivors", "state", "Network", "KH"), request: violates})

	for _, tc := range []struct {
		body    string
		request conformance
		code    string
	}{
		{`{"audience":`, violates, "malformed_json"},
		{``, violates, "malformed_json"},
		{`{"audience":"survivors","name":"N","country":"KH","colour":"red"}`, violates, "malformed_json"},
		{`{"audience":"survivors","name":5,"country":"KH"}`, violates, "malformed_json"},
		{`{"audience":"survivors","name":"N","country":"KH"} {}`, beyondSpec, "malformed_json"},
		{"{\"audience\":\"survivors\",\"name\":\"N\xff\",\"country\":\"KH\"}", beyondSpec, "invalid_utf8"},
		{`{"audience":"survivors","name":"N\u0000","country":"KH"}`, beyondSpec, "nul_character"},
	} {
		a.do(call{method: "POST", path: path(seedSlug), body: []byte(tc.body), request: tc.request, status: 400, code: tc.code})
	}

	huge := registrationBody("survivors", "", strings.Repeat("x", 1<<20), "KH")
	a.do(call{method: "POST", path: path(seedSlug), body: huge, request: violates, status: 413, code: "payload_too_large"})

	// Every attempt above counted against this address; past the hourly
	// limit the next is refused.
	for i := 0; ; i++ {
		body := registrationBody("survivors", "", fmt.Sprintf("Network %d", i), "KH")
		c := call{method: "POST", path: path(seedSlug), body: body}
		rec := httptest.NewRecorder()
		a.engine.ServeHTTP(rec, c.newRequest(c.raw(t)))
		if rec.Code == 429 || i == 40 {
			a.do(call{method: "POST", path: path(seedSlug), body: body, status: 429, code: "too_many_requests"})
			break
		}
	}
}

// testRegistrationCountries registers with codes that are not current ISO
// 3166-1 countries (groupings, reserved, former and unknown codes), which
// are refused, and with a current code written loosely, which is taken.
func testRegistrationCountries(t *testing.T, a *apiTest) {
	path := "/api/v1/consultations/" + seedSlug + "/registrations"
	for _, cc := range []string{"EZ", "UN", "EU", "HV", "ZZ", "XK", "QO", "hv", "ez"} {
		e := a.do(call{method: "POST", path: path, status: 422, code: "validation_failed",
			body: registrationBody("survivors", "", "Network "+cc, cc)}).errorBody(t)
		if _, ok := e.Error.Fields["country"]; !ok || len(e.Error.Fields) != 1 {
			t.Errorf("registration with country %q: fields %v, want one, for country", cc, e.Error.Fields)
		}
	}
	var reg struct {
		Respondent struct{ Country string }
	}
	a.do(call{method: "POST", path: path, status: 201, body: registrationBody("survivors", "", "Réseau", "kh ")}).decode(t, &reg)
	if got, want := reg.Respondent.Country, "KH"; got != want {
		t.Errorf("registration with %q: country = %q, want %q", "kh ", got, want)
	}
	d, err := a.st.Dashboard(a.ctx, seedSlug)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Respondents) != 1 {
		t.Errorf("%d respondents after the refused registrations, want 1", len(d.Respondents))
	}
}

func testStatesPartiesResponse(t *testing.T, a *apiTest) {
	first := a.invite(seedSlug, "KH", "Cambodia", "First official")
	second := a.invite(seedSlug, "KH", "Cambodia", "Second official")
	q := a.questionIDs(seedSlug, "states-parties")
	const p = "/api/v1/response"

	for _, tc := range []struct {
		method string
		body   any
	}{{"GET", nil}, {"PUT", draftBody{Version: 0, Answers: []answerBody{}}}, {"POST", map[string]any{"version": 0, "attribution": "named"}}} {
		path := p
		if tc.method == "POST" {
			path += "/submit"
		}
		r := a.do(call{method: tc.method, path: path, body: tc.body, request: violates, status: 401, code: "missing_token"})
		if got, want := r.header.Get("WWW-Authenticate"), `Bearer realm="vaconsult"`; got != want {
			t.Errorf("%s %s without a token: WWW-Authenticate = %q, want %q", tc.method, path, got, want)
		}
	}
	a.do(call{method: "GET", path: p, token: neverIssuedToken, status: 401, code: "invalid_token"})
	a.do(call{method: "GET", path: p, token: "not-a-token", status: 401, code: "invalid_token"})
	a.do(call{method: "GET", path: p, header: map[string]string{"Authorization": "Basic Y2FtYm9kaWE6"},
		request: violates, status: 401, code: "missing_token"})

	var resp responseOut
	a.do(call{method: "GET", path: p, token: first, status: 200}).decode(t, &resp)
	if resp.Status != "draft" || resp.Version != 0 || resp.Receipt != nil || len(resp.Answers) != 0 ||
		resp.Contributor != "First official" || resp.Audience != "states-parties" {
		t.Errorf("new response = %+v, want an empty draft at version 0 for First official of states-parties", resp)
	}

	var saved savedOut
	save := draftBody{Version: 0, Answers: []answerBody{
		{QuestionID: q[1], Text: "A national disability survey every five years."},
		{QuestionID: q[2], Text: "The 2009 survey set the baseline."},
	}}
	a.do(call{method: "PUT", path: p + "?lang=fr", token: first, body: save, status: 200}).decode(t, &saved)
	if saved != (savedOut{Version: 1, Changed: true}) {
		t.Errorf("first save = %+v, want version 1, changed", saved)
	}
	a.do(call{method: "PUT", path: p, token: first, body: save, status: 200}).decode(t, &saved)
	if saved != (savedOut{Version: 1, Changed: false}) {
		t.Errorf("the same save again = %+v, want version 1, unchanged", saved)
	}

	stale := draftBody{Version: 0, Answers: []answerBody{{QuestionID: q[3], Text: "Evaluations shape the budget."}}}
	e := a.do(call{method: "PUT", path: p, token: second, body: stale, status: 409, code: "version_conflict"}).errorBody(t)
	if e.Error.CurrentVersion == nil || *e.Error.CurrentVersion != 1 {
		t.Errorf("version conflict: current_version = %v, want 1", e.Error.CurrentVersion)
	}
	stale.Version = 1
	a.do(call{method: "PUT", path: p, token: second, body: stale, status: 200}).decode(t, &saved)
	if saved.Version != 2 {
		t.Errorf("save by the second official = %+v, want version 2", saved)
	}

	a.do(call{method: "GET", path: p, token: first, status: 200}).decode(t, &resp)
	if len(resp.Answers) != 3 || resp.Answers[2].UpdatedBy != "Second official" || resp.Answers[0].Choice != nil {
		t.Errorf("response after two saves = %+v, want 3 text answers, the last by Second official", resp)
	}

	invalid := draftBody{Version: 2, Answers: []answerBody{
		{QuestionID: 999999, Text: "?"},
		{QuestionID: q[1], Choice: pointerTo("yes")},
		{QuestionID: q[4], Text: strings.Repeat("é", 10001)},
	}}
	e = a.do(call{method: "PUT", path: p, token: first, body: invalid, status: 422, code: "invalid_answers"}).errorBody(t)
	for _, id := range []int64{999999, q[1], q[4]} {
		if _, ok := e.Error.Fields[strconv.FormatInt(id, 10)]; !ok {
			t.Errorf("invalid answers: fields %v, want one for question id %d", e.Error.Fields, id)
		}
	}
	a.do(call{method: "PUT", path: p, token: first, body: map[string]any{"answers": []any{}},
		request: violates, status: 422, code: "validation_failed"})
	e = a.do(call{method: "PUT", path: p, token: first, body: map[string]any{"version": 2, "answers": []any{map[string]string{"text": "?"}}},
		request: violates, status: 422, code: "validation_failed"}).errorBody(t)
	if _, ok := e.Error.Fields["answers.question_id"]; !ok {
		t.Errorf("an answer without question_id: fields %v, want answers.question_id", e.Error.Fields)
	}
	a.do(call{method: "PUT", path: p, token: first, body: []byte(`{"version":"2","answers":[]}`),
		request: violates, status: 400, code: "malformed_json"})
	big := draftBody{Version: 2, Answers: []answerBody{{QuestionID: q[4], Text: strings.Repeat("x", 1<<20)}}}
	a.do(call{method: "PUT", path: p, token: first, body: big, chunked: true, request: violates, status: 413, code: "payload_too_large"})

	const s = p + "/submit"
	e = a.do(call{method: "POST", path: s, token: first, body: map[string]any{"version": 2, "attribution": "named"},
		status: 422, code: "missing_answers"}).errorBody(t)
	if _, ok := e.Error.Fields[strconv.FormatInt(q[4], 10)]; !ok || len(e.Error.Fields) != 1 {
		t.Errorf("submission without question 4: fields %v, want only question id %d", e.Error.Fields, q[4])
	}
	a.do(call{method: "POST", path: s, token: first, body: map[string]any{"version": 2},
		request: violates, status: 422, code: "validation_failed"})
	// Every reason at once: the attribution and the missing answer.
	e = a.do(call{method: "POST", path: s, token: first, body: map[string]any{"version": 2, "attribution": "public"},
		request: violates, status: 422, code: "missing_answers"}).errorBody(t)
	if _, ok := e.Error.Fields[strconv.FormatInt(q[4], 10)]; !ok || e.Error.Fields["attribution"] == "" || len(e.Error.Fields) != 2 {
		t.Errorf("submission with a wrong attribution and without question 4: fields %v, want both", e.Error.Fields)
	}
	a.do(call{method: "POST", path: s, token: first, body: []byte(`{"version":2,"attribution":"named","receipt":"x"}`),
		request: violates, status: 400, code: "malformed_json"})
	a.do(call{method: "POST", path: s, token: first, body: map[string]any{"version": 2, "attribution": strings.Repeat("n", 1<<20)},
		request: violates, status: 413, code: "payload_too_large"})

	a.do(call{method: "PUT", path: p, token: first, status: 200,
		body: draftBody{Version: 2, Answers: []answerBody{{QuestionID: q[4], Text: "We ask survivors' associations every year."}}}})
	a.do(call{method: "POST", path: s, token: first, body: map[string]any{"version": 2, "attribution": "named"},
		status: 409, code: "version_conflict"})

	var sub responseOut
	a.do(call{method: "POST", path: s + "?lang=fr", token: first, body: map[string]any{"version": 3, "attribution": "named"},
		status: 200}).decode(t, &sub)
	if sub.Status != "submitted" || sub.Receipt == nil || sub.SubmittedVersion == nil || *sub.SubmittedVersion != 3 ||
		sub.Attribution == nil || *sub.Attribution != "named" || sub.SubmittedAt == nil {
		t.Errorf("submission = %+v, want submitted at version 3, named, with a receipt", sub)
	}
	var again responseOut
	a.do(call{method: "POST", path: s, token: second, body: map[string]any{"version": 3, "attribution": "anonymous"},
		status: 200}).decode(t, &again)
	if again.Receipt == nil || sub.Receipt == nil || *again.Receipt != *sub.Receipt || *again.Attribution != "anonymous" {
		t.Errorf("the same version submitted again = %+v, want receipt %v kept and attribution anonymous", again, sub.Receipt)
	}

	a.do(call{method: "PUT", path: p, token: first, status: 200,
		body: draftBody{Version: 3, Answers: []answerBody{{QuestionID: q[1], Text: "A survey and a database."}}}})
	a.do(call{method: "GET", path: p, token: second, status: 200}).decode(t, &resp)
	if resp.Status != "submitted" || resp.Version != 4 || resp.SubmittedVersion == nil || *resp.SubmittedVersion != 3 {
		t.Errorf("response changed after submission = %+v, want submitted, version 4, submitted_version 3", resp)
	}
}

func testSurvivorsResponse(t *testing.T, a *apiTest) {
	var reg struct {
		AccessToken string `json:"access_token"`
	}
	a.do(call{method: "POST", path: "/api/v1/consultations/" + seedSlug + "/registrations", status: 201,
		body: registrationBody("survivors", "organisation", "Asociación de Sobrevivientes", "CO")}).decode(t, &reg)
	q := a.questionIDs(seedSlug, "survivors")
	const p = "/api/v1/response"

	e := a.do(call{method: "PUT", path: p, token: reg.AccessToken, status: 422, code: "invalid_answers",
		body: draftBody{Version: 0, Answers: []answerBody{{QuestionID: q[1], Choice: pointerTo("maybe")}, {QuestionID: q[2], Choice: pointerTo("yes")}}}}).errorBody(t)
	if len(e.Error.Fields) != 2 {
		t.Errorf("a choice not offered and a choice on a text question: fields %v, want two", e.Error.Fields)
	}
	a.do(call{method: "PUT", path: p + "?lang=es", token: reg.AccessToken, status: 200, body: draftBody{Version: 0, Answers: []answerBody{
		{QuestionID: q[1], Choice: pointerTo("partly"), Text: "Nos consultan una vez al año."},
		{QuestionID: q[2], Text: "Más presupuesto local."},
		{QuestionID: q[3], Choice: pointerTo("some_difference")},
	}}})
	var resp responseOut
	a.do(call{method: "GET", path: p, token: reg.AccessToken, status: 200}).decode(t, &resp)
	if len(resp.Answers) != 3 || resp.Answers[0].Choice == nil || *resp.Answers[0].Choice != "partly" || resp.Answers[1].Choice != nil {
		t.Errorf("survivors' answers = %+v, want choice partly on question 1 and none on question 2", resp.Answers)
	}
	a.do(call{method: "POST", path: p + "/submit", token: reg.AccessToken, status: 200,
		body: map[string]any{"version": 1, "attribution": "confidential"}}).decode(t, &resp)
	if resp.Status != "submitted" || resp.Attribution == nil || *resp.Attribution != "confidential" {
		t.Errorf("survivors' submission = %+v, want submitted, confidential", resp)
	}
}

func testOpeningTimes(t *testing.T, a *apiTest) {
	opens := time.Now().Add(365 * 24 * time.Hour).Truncate(time.Second)
	closes := time.Date(2012, 5, 25, 16, 0, 0, 0, time.UTC)
	a.loadConsultation(upcomingSlug, func(f *questionset.File) { f.OpensAt = &opens })
	a.loadConsultation(closedSlug, func(f *questionset.File) { f.ClosesAt = &closes })

	for _, tc := range []struct {
		slug, code string
		when       time.Time
	}{
		{upcomingSlug, "consultation_not_open", opens},
		{closedSlug, "consultation_closed", closes},
	} {
		token := a.invite(tc.slug, "CO", "Colombia", "")
		q := a.questionIDs(tc.slug, "states-parties")
		a.do(call{method: "GET", path: "/api/v1/response", token: token, status: 200})
		e := a.do(call{method: "PUT", path: "/api/v1/response", token: token, status: 409, code: tc.code,
			body: draftBody{Version: 0, Answers: []answerBody{{QuestionID: q[1], Text: "Too early or too late."}}}}).errorBody(t)
		got := e.Error.OpensAt
		if tc.code == "consultation_closed" {
			got = e.Error.ClosesAt
		}
		if got == nil || !got.Equal(tc.when) {
			t.Errorf("save in %s: %s at %v, want %v", tc.slug, tc.code, got, tc.when)
		}
		a.do(call{method: "POST", path: "/api/v1/response/submit", token: token, status: 409, code: tc.code,
			body: map[string]any{"version": 0, "attribution": "named"}})
	}
}

// testWithdrawal withdraws a submitted response: it leaves the summary,
// and its links stop working; once the consultation has closed, nothing
// is withdrawn.
func testWithdrawal(t *testing.T, a *apiTest) {
	token := a.invite(seedSlug, "KH", "Cambodia", "")
	q := a.questionIDs(seedSlug, "states-parties")
	var answers []answerBody
	for n := 1; n <= 4; n++ {
		answers = append(answers, answerBody{QuestionID: q[n], Text: "Our answer."})
	}
	a.do(call{method: "PUT", path: "/api/v1/response", token: token, status: 200, body: draftBody{Version: 0, Answers: answers}})
	a.do(call{method: "POST", path: "/api/v1/response/submit", token: token, status: 200,
		body: map[string]any{"version": 1, "attribution": "named"}})
	p := "/api/v1/response/withdraw"
	a.do(call{method: "POST", path: p, token: token, status: 400, code: "malformed_json", request: violates, body: []byte("{")})
	a.do(call{method: "POST", path: p, token: token, status: 422, code: "validation_failed", body: map[string]any{"confirm": false}})
	a.do(call{method: "POST", path: p, token: token, body: map[string]any{"confirm": strings.Repeat("y", 1<<20)},
		request: violates, status: 413, code: "payload_too_large"})
	a.do(call{method: "POST", path: p, token: token, status: 200, body: map[string]any{"confirm": true}})
	a.do(call{method: "POST", path: p, token: token, status: 401, code: "invalid_token", body: map[string]any{"confirm": true}})
	sum, err := a.st.Summary(a.ctx, seedSlug)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Questions[0].Answers != 0 {
		t.Errorf("answers after the withdrawal = %d, want 0", sum.Questions[0].Answers)
	}
	closes := time.Date(2012, 5, 25, 16, 0, 0, 0, time.UTC)
	a.loadConsultation(closedSlug, func(f *questionset.File) { f.ClosesAt = &closes })
	late := a.invite(closedSlug, "CO", "Colombia", "")
	a.do(call{method: "POST", path: p, token: late, status: 409, code: "consultation_closed", body: map[string]any{"confirm": true}})
}

// reviewerToken creates a Co-Chair's account and returns a personal API
// token for it.
func (a *apiTest) reviewerToken() string {
	a.t.Helper()
	const email = "co-chair@example.org"
	_, err := a.st.CreateReviewer(a.ctx, store.NewReviewer{Email: email, Name: "Co-Chair",
		Role: store.RoleCoChair, Password: "correct horse battery staple"}, "test")
	if err != nil {
		a.t.Fatalf("create reviewer: %v", err)
	}
	token, err := a.st.CreateReviewerToken(a.ctx, email, "test")
	if err != nil {
		a.t.Fatalf("create reviewer token: %v", err)
	}
	return token
}

// testReviewer checks the reserved reviewer routes: they authenticate a
// reviewer's token and serve nothing yet.
func init() {
	// The printable report is HTML; kin-openapi reads it as plain text.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
}

func testReviewer(t *testing.T, a *apiTest) {
	reviewer := a.reviewerToken()
	respondent := a.invite(seedSlug, "KH", "Cambodia", "")
	for _, path := range []string{"/api/v1/consultations/" + seedSlug + "/summary", "/api/v1/consultations/" + seedSlug + "/export?format=csv&variant=public"} {
		r := a.do(call{method: "GET", path: path, request: violates, status: 401, code: "missing_token"})
		if got, want := r.header.Get("WWW-Authenticate"), `Bearer realm="vaconsult"`; got != want {
			t.Errorf("GET %s without a token: WWW-Authenticate = %q, want %q", path, got, want)
		}
		a.do(call{method: "GET", path: path, token: respondent, status: 401, code: "invalid_token"})
		a.do(call{method: "GET", path: path, token: "vcr_" + neverIssuedToken, status: 401, code: "invalid_token"})
	}
	a.do(call{method: "GET", path: "/api/v1/consultations/" + seedSlug + "/summary", token: reviewer, status: 200})
	a.do(call{method: "GET", path: "/api/v1/consultations/" + seedSlug + "/summary?variant=public", token: reviewer, status: 200})
	a.do(call{method: "GET", path: "/api/v1/consultations/" + seedSlug + "/summary?variant=secret", token: reviewer, request: violates, status: 422, code: "validation_failed"})
	a.do(call{method: "GET", path: "/api/v1/consultations/no-such-thing/summary", token: reviewer, status: 404, code: "not_found"})
	export := "/api/v1/consultations/" + seedSlug + "/export"
	for _, format := range []string{"csv", "xlsx", "json", "html"} {
		a.do(call{method: "GET", path: export + "?format=" + format + "&variant=public", token: reviewer, status: 200})
	}
	if r := a.do(call{method: "GET", path: export + "?format=html&variant=internal&lang=ar", token: reviewer, status: 200}); r.header.Get("Content-Language") != "ar" {
		t.Errorf("export in Arabic: Content-Language = %q, want ar", r.header.Get("Content-Language"))
	}
	a.do(call{method: "GET", path: export + "?format=pdf&variant=public", token: reviewer, request: violates, status: 422, code: "validation_failed"})
	a.do(call{method: "GET", path: "/api/v1/consultations/no-such-thing/export?format=csv&variant=internal", token: reviewer, status: 404, code: "not_found"})

	report := "/api/v1/consultations/" + seedSlug + "/report"
	a.do(call{method: "GET", path: report + "?format=docx", request: violates, status: 401, code: "missing_token"})
	if r := a.do(call{method: "GET", path: report + "?format=docx&lang=fr", token: reviewer, status: 200}); r.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
		!strings.Contains(r.header.Get("Content-Disposition"), "-public-") {
		t.Errorf("the report: %s, %s; want the public variant as a Word document", r.header.Get("Content-Type"), r.header.Get("Content-Disposition"))
	}
	a.do(call{method: "GET", path: report + "?format=html&variant=internal&lang=ar", token: reviewer, status: 200})
	a.do(call{method: "GET", path: report + "?format=csv", token: reviewer, request: violates, status: 422, code: "validation_failed"})
	a.do(call{method: "GET", path: "/api/v1/consultations/no-such-thing/report?format=docx", token: reviewer, status: 404, code: "not_found"})
}

// testExportsBusy holds every export slot: one more export is told to come
// back later.
func testExportsBusy(t *testing.T, a *apiTest) {
	reviewer := a.reviewerToken()
	busy := export.NewLimiter(1, time.Millisecond)
	release, _ := busy.Acquire(a.ctx)
	defer release()
	engine, err := app.Router(app.RouterConfig{Store: a.st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		BaseURL: siteURL, Exports: busy})
	if err != nil {
		t.Fatal(err)
	}
	a.engine = engine
	for _, path := range []string{"/export?format=csv&variant=public", "/report?format=docx"} {
		r := a.do(call{method: "GET", path: "/api/v1/consultations/" + seedSlug + path,
			token: reviewer, status: 503, code: "exports_busy"})
		if got := r.header.Get("Retry-After"); got != export.RetryAfterSeconds() {
			t.Errorf("Retry-After = %q, want %q", got, export.RetryAfterSeconds())
		}
	}
}

// testDatabaseDown closes the store under the router: what needs the
// database answers 503 or 500, without detail.
func testDatabaseDown(t *testing.T, a *apiTest) {
	token := a.invite(seedSlug, "KH", "Cambodia", "")
	reviewer := a.reviewerToken()
	// The outage: PostgreSQL stops answering. The router now runs over a
	// pool whose server refuses every connection.
	pool, err := pgxpool.New(a.ctx, "postgres://postgres@127.0.0.1:1/vaconsult?connect_timeout=2&sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	a.engine = app.NewRouter(store.New(pool), slog.New(slog.NewTextHandler(io.Discard, nil)), siteURL)
	r := a.do(call{method: "GET", path: "/readyz", status: 503})
	if got, want := string(r.body), `{"database":"unreachable","reason":"connection_refused","status":"unavailable"}`; got != want {
		t.Errorf("GET /readyz with the database down = %s, want %s", got, want)
	}
	a.do(call{method: "HEAD", path: "/readyz", status: 503})
	a.do(call{method: "GET", path: "/healthz", status: 200})
	a.do(call{method: "GET", path: "/api/v1/openapi.json", status: 200})
	for _, c := range []call{
		{method: "GET", path: "/api/v1/consultations"},
		{method: "GET", path: "/api/v1/consultations/" + seedSlug},
		{method: "POST", path: "/api/v1/consultations/" + seedSlug + "/registrations", body: registrationBody("survivors", "", "Network", "KH")},
		{method: "POST", path: "/api/v1/consultations/" + seedSlug + "/lost-link", body: map[string]string{"email": "a@example.org"}},
		{method: "GET", path: "/api/v1/response", token: token},
		{method: "PUT", path: "/api/v1/response", token: token, body: draftBody{Version: 0, Answers: []answerBody{}}},
		{method: "POST", path: "/api/v1/response/submit", token: token, body: map[string]any{"version": 0, "attribution": "named"}},
		{method: "POST", path: "/api/v1/response/withdraw", token: token, body: map[string]any{"confirm": true}},
		{method: "POST", path: "/api/v1/response/approval-request", token: token},
		{method: "GET", path: "/api/v1/consultations/" + seedSlug + "/summary", token: reviewer},
		{method: "GET", path: "/api/v1/consultations/" + seedSlug + "/export?format=csv&variant=public", token: reviewer},
		{method: "POST", path: "/api/v1/consultations/" + seedSlug + "/invitations", token: reviewer, body: invitationsBody(1)},
		{method: "GET", path: "/api/v1/response/attachments", token: token},
		{method: "POST", path: "/api/v1/response/attachments", token: token, body: attachmentBody, header: attachmentHeader},
		{method: "GET", path: "/api/v1/response/attachments/1", token: token},
		{method: "DELETE", path: "/api/v1/response/attachments/1", token: token},
	} {
		c.status, c.code = 503, "unavailable"
		r := a.do(c)
		e := r.errorBody(t)
		if strings.Contains(strings.ToLower(e.Error.Message), "127.0.0.1") || len(e.Error.Fields) != 0 {
			t.Errorf("%s %s with the database down: %s, want a message without detail", c.method, c.path, r.body)
		}
		if r.header.Get("Retry-After") == "" {
			t.Errorf("%s %s with the database down: no Retry-After", c.method, c.path)
		}
	}
}

// testEdge sends a NUL character in the query of every call: each gets
// 400 before any handler reads it.
func testEdge(t *testing.T, a *apiTest) {
	for _, c := range []call{
		{method: "GET", path: "/healthz"},
		{method: "GET", path: "/readyz"},
		{method: "GET", path: "/api/v1/openapi.json"},
		{method: "GET", path: "/api/v1/consultations"},
		{method: "GET", path: "/api/v1/consultations/" + seedSlug},
		{method: "POST", path: "/api/v1/consultations/" + seedSlug + "/registrations", body: registrationBody("survivors", "", "Network", "KH")},
		{method: "GET", path: "/api/v1/response", token: neverIssuedToken},
		{method: "PUT", path: "/api/v1/response", token: neverIssuedToken, body: draftBody{Version: 0, Answers: []answerBody{}}},
		{method: "POST", path: "/api/v1/response/submit", token: neverIssuedToken, body: map[string]any{"version": 0, "attribution": "named"}},
		{method: "GET", path: "/api/v1/consultations/" + seedSlug + "/summary", token: neverIssuedToken},
		{method: "GET", path: "/api/v1/consultations/" + seedSlug + "/export?format=csv&variant=public", token: neverIssuedToken},
		{method: "GET", path: "/api/v1/consultations/" + seedSlug + "/report?format=docx", token: neverIssuedToken},
		{method: "POST", path: "/api/v1/consultations/" + seedSlug + "/invitations", token: neverIssuedToken, body: invitationsBody(1)},
		{method: "POST", path: "/api/v1/consultations/" + seedSlug + "/lost-link", body: map[string]string{"email": "a@example.org"}},
		{method: "GET", path: "/api/v1/response/attachments", token: neverIssuedToken},
		{method: "POST", path: "/api/v1/response/attachments", token: neverIssuedToken, body: attachmentBody, header: attachmentHeader},
		{method: "GET", path: "/api/v1/response/attachments/1", token: neverIssuedToken},
		{method: "DELETE", path: "/api/v1/response/attachments/1", token: neverIssuedToken},
	} {
		sep := "?"
		if strings.Contains(c.path, "?") {
			sep = "&"
		}
		c.path += sep + "note=a%00b"
		c.status, c.code = 400, "nul_character"
		a.do(c)
	}
}

// testUndocumented checks that what no route of the document describes
// still answers, under /api/, in the document's error format.
func testUndocumented(t *testing.T, a *apiTest) {
	a.doUndocumented(call{method: "GET", path: "/api/v1/no-such-route", status: 404, code: "not_found"}, "NotFoundError")
	a.doUndocumented(call{method: "DELETE", path: "/api/v1/response", token: neverIssuedToken, status: 405, code: "method_not_allowed"},
		"MethodNotAllowedError")
	a.doUndocumented(call{method: "POST", path: "/api/v1/consultations", status: 405, code: "method_not_allowed"},
		"MethodNotAllowedError")
}
