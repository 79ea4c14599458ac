package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

type env struct {
	t  *testing.T
	st *store.Store
	h  http.Handler
}

func newEnv(t *testing.T) *env {
	t.Helper()
	st, h := newHandler(t)
	return &env{t: t, st: st, h: h}
}

// newHandler returns the whole service on a new test database holding the
// default consultation.
func newHandler(tb testing.TB) (*store.Store, http.Handler) {
	tb.Helper()
	st := dbtest.NewStore(tb)
	f, err := consultations.Default()
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := st.LoadConsultation(context.Background(), f); err != nil {
		tb.Fatal(err)
	}
	return st, app.NewRouter(st, slog.New(slog.NewTextHandler(io.Discard, nil)), "https://consult.example.org")
}

type result struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    []byte
}

func (e *env) do(method, path, token string, body any, hdr ...string) result {
	e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	res := result{Status: w.Code, Header: w.Header(), Raw: w.Body.Bytes()}
	json.Unmarshal(res.Raw, &res.Body)
	return res
}

func (e *env) invite(audience domain.Audience, name, country string) string {
	e.t.Helper()
	acc, err := e.st.Invite(context.Background(), store.NewRespondent{Consultation: "va-impact-2012", Audience: audience, Name: name, Country: country})
	if err != nil {
		e.t.Fatal(err)
	}
	return acc.Token
}

// questionID returns the id of question n of audience.
func (e *env) questionID(audience domain.Audience, n int) int64 {
	e.t.Helper()
	c, err := e.st.FindConsultationBySlug(context.Background(), "va-impact-2012")
	if err != nil {
		e.t.Fatal(err)
	}
	qs, _ := c.QuestionSet(audience)
	return qs.Questions[n-1].ID
}

func wantError(t *testing.T, r result, status int, code string) map[string]any {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d; body %s", r.Status, status, r.Raw)
	}
	e, ok := r.Body["error"].(map[string]any)
	if !ok {
		t.Fatalf("body %s, want an error object", r.Raw)
	}
	if e["code"] != code || e["message"] == "" {
		t.Fatalf("error = %v, want code %q with a message", e, code)
	}
	if _, ok := e["fields"].(map[string]any); !ok {
		t.Fatalf("error = %v, want a fields object", e)
	}
	return e
}

func TestConsultationInLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct{ query, accept, wantLang, wantWord string }{
		{"", "", "en", "What tools do you use"},
		{"?lang=fr", "", "fr", "outils"},
		{"", "es-CO,es;q=0.9", "es", "herramientas"},
		{"?lang=ar", "fr", "ar", "الأدوات"},
		{"?lang=ru", "", "ru", "Какие инструменты"},
		{"", "zh-CN,zh;q=0.9", "zh", "贵国使用哪些工具"},
		{"?lang=de", "de", "en", "What tools do you use"},
	}
	for _, tt := range tests {
		r := e.do("GET", "/api/v1/consultations/va-impact-2012"+tt.query, "", nil, "Accept-Language", tt.accept)
		if r.Status != 200 || r.Body["language"] != tt.wantLang {
			t.Fatalf("%q/%q: status %d language %v, want %s", tt.query, tt.accept, r.Status, r.Body["language"], tt.wantLang)
		}
		if !strings.Contains(string(r.Raw), tt.wantWord) {
			t.Fatalf("%q/%q: body lacks %q", tt.query, tt.accept, tt.wantWord)
		}
	}
	r := e.do("GET", "/api/v1/consultations/no-such-thing", "", nil)
	wantError(t, r, 404, "not_found")
}

func TestListConsultations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.do("GET", "/api/v1/consultations", "", nil)
	list, _ := r.Body["consultations"].([]any)
	if r.Status != 200 || len(list) != 1 {
		t.Fatalf("status %d, %d consultations, want 1", r.Status, len(list))
	}
	c := list[0].(map[string]any)
	if c["slug"] != "va-impact-2012" || c["status"] != "open" {
		t.Fatalf("consultation = %v", c)
	}
}

func TestBadInputIsRefusedAndChangesNothing(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.invite("states-parties", "Cambodia", "KH")
	q1 := e.questionID("states-parties", 1)
	qOther := e.questionID("survivors", 2)
	big := `{"version":0,"answers":[{"question_id":1,"text":"` + strings.Repeat("a", 1<<20) + `"}]}`
	tests := []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"malformed JSON", `{"version":0,`, 400, "malformed_json"},
		{"wrong type", `{"version":"one","answers":[]}`, 400, "malformed_json"},
		{"unknown field", `{"version":0,"answers":[],"extra":1}`, 400, "malformed_json"},
		{"two values", `{"version":0,"answers":[]} {}`, 400, "malformed_json"},
		{"empty body", ``, 400, "malformed_json"},
		{"too large", big, 413, "payload_too_large"},
		{"invalid UTF-8", []byte("{\"version\":0,\"answers\":[{\"question_id\":1,\"text\":\"\xff\"}]}"), 400, "invalid_utf8"},
		{"escaped NUL", `{"version":0,"answers":[{"question_id":1,"text":"a\u0000b"}]}`, 400, "nul_character"},
		{"missing version", `{"answers":[]}`, 422, "validation_failed"},
		{"over the length limit", map[string]any{"version": 0, "answers": []any{map[string]any{"question_id": q1, "text": strings.Repeat("x", 10001)}}}, 422, "invalid_answers"},
		{"choice on a text question", map[string]any{"version": 0, "answers": []any{map[string]any{"question_id": q1, "choice": "yes"}}}, 422, "invalid_answers"},
		{"unknown question", map[string]any{"version": 0, "answers": []any{map[string]any{"question_id": 987654, "text": "x"}}}, 422, "invalid_answers"},
		{"question of the other audience", map[string]any{"version": 0, "answers": []any{map[string]any{"question_id": qOther, "text": "x"}}}, 422, "invalid_answers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.do("PUT", "/api/v1/response", tok, tt.body), tt.status, tt.code)
		})
	}
	r := e.do("GET", "/api/v1/response", tok, nil)
	if r.Body["version"] != float64(0) || len(r.Body["answers"].([]any)) != 0 {
		t.Fatalf("after refused saves: %s, want version 0 and no answers", r.Raw)
	}
	// An escaped backslash before u0000 is text, not a NUL.
	r = e.do("PUT", "/api/v1/response", tok, `{"version":0,"answers":[{"question_id":`+jsonNum(q1)+`,"text":"C:\\u0000"}]}`)
	if r.Status != 200 {
		t.Fatalf("escaped backslash: status %d %s, want 200", r.Status, r.Raw)
	}
}

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.invite("states-parties", "Cambodia", "KH")
	b := e.invite("survivors", "Survivor org", "KH")
	q := e.questionID("states-parties", 1)

	wantError(t, e.do("GET", "/api/v1/response", "", nil), 401, "missing_token")
	r := e.do("GET", "/api/v1/response", "not-a-token", nil)
	wantError(t, r, 401, "invalid_token")
	if r.Header.Get("WWW-Authenticate") == "" {
		t.Fatal("401 without WWW-Authenticate")
	}
	wantError(t, e.do("GET", "/api/v1/response", strings.Repeat("A", 43), nil), 401, "invalid_token")
	if r := e.do("GET", "/api/v1/response", "", nil, "Authorization", "bearer "+a); r.Status != 200 {
		t.Fatalf("lower-case bearer scheme: %d, want 200 (schemes are case-insensitive)", r.Status)
	}

	// Respondent A's answer is never visible to respondent B.
	if r := e.do("PUT", "/api/v1/response", a, map[string]any{"version": 0, "answers": []any{map[string]any{"question_id": q, "text": "State secret"}}}); r.Status != 200 {
		t.Fatalf("save: %d %s", r.Status, r.Raw)
	}
	r = e.do("GET", "/api/v1/response", b, nil)
	if r.Status != 200 || strings.Contains(string(r.Raw), "State secret") || r.Body["audience"] != "survivors" {
		t.Fatalf("respondent B sees %s", r.Raw)
	}
	wantError(t, e.do("PUT", "/api/v1/response", b, map[string]any{"version": 0, "answers": []any{map[string]any{"question_id": q, "text": "overwrite"}}}), 422, "invalid_answers")

	if _, err := e.st.RevokeAccessToken(context.Background(), a, "cli"); err != nil {
		t.Fatal(err)
	}
	wantError(t, e.do("GET", "/api/v1/response", a, nil), 401, "invalid_token")
}

func TestRegistration(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	path := "/api/v1/consultations/va-impact-2012/registrations"
	r := e.do("POST", path, "", map[string]any{"audience": "survivors", "kind": "individual", "name": "Amina", "country": "SD", "contributor": "Amina"})
	if r.Status != 201 {
		t.Fatalf("register: %d %s", r.Status, r.Raw)
	}
	tok, _ := r.Body["access_token"].(string)
	if r.Body["access_url"] != "https://consult.example.org/r/"+tok || len(tok) < 22 {
		t.Fatalf("access url %v for token %q", r.Body["access_url"], tok)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("Cache-Control = %q, want no-store for a token", r.Header.Get("Cache-Control"))
	}
	if got := e.do("GET", "/api/v1/response", tok, nil); got.Status != 200 {
		t.Fatalf("the new token does not work: %d", got.Status)
	}

	wantError(t, e.do("POST", path, "", map[string]any{"audience": "states-parties", "name": "Sudan", "country": "SD"}), 403, "registration_not_allowed")
	f := wantError(t, e.do("POST", path, "", map[string]any{"audience": "survivors", "name": "", "country": "XX"}), 422, "validation_failed")
	if fields := f["fields"].(map[string]any); fields["name"] == nil || fields["country"] == nil {
		t.Fatalf("fields = %v, want name and country", fields)
	}
	wantError(t, e.do("POST", "/api/v1/consultations/none/registrations", "", map[string]any{"audience": "survivors", "name": "A", "country": "SD"}), 404, "not_found")
	e.st.Pool().Exec(context.Background(), `UPDATE consultations SET self_registration = false`)
	wantError(t, e.do("POST", path, "", map[string]any{"audience": "survivors", "name": "B", "country": "SD"}), 403, "registration_not_allowed")
}

func TestClosedConsultation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tok := e.invite("states-parties", "Cambodia", "KH")
	q := e.questionID("states-parties", 1)
	e.do("PUT", "/api/v1/response", tok, map[string]any{"version": 0, "answers": []any{map[string]any{"question_id": q, "text": "draft"}}})
	closed := time.Date(2012, 5, 21, 7, 0, 0, 0, time.UTC)
	e.st.Pool().Exec(context.Background(), `UPDATE consultations SET opens_at = $1, closes_at = $2`, closed.AddDate(0, -2, 0), closed)

	r := e.do("PUT", "/api/v1/response", tok, map[string]any{"version": 1, "answers": []any{map[string]any{"question_id": q, "text": "late"}}})
	er := wantError(t, r, 409, "consultation_closed")
	if !strings.Contains(er["message"].(string), "21 May 2012 at 09:00 CEST") {
		t.Fatalf("message %q, want the closing time in the consultation's time zone", er["message"])
	}
	wantError(t, e.do("POST", "/api/v1/response/submit", tok, map[string]any{"version": 1, "attribution": "named"}), 409, "consultation_closed")
	r = e.do("GET", "/api/v1/response", tok, nil)
	if !strings.Contains(string(r.Raw), `"text":"draft"`) {
		t.Fatalf("draft lost after closing: %s", r.Raw)
	}
	list := e.do("GET", "/api/v1/consultations", "", nil)
	if !strings.Contains(string(list.Raw), `"status":"closed"`) {
		t.Fatalf("list = %s, want status closed", list.Raw)
	}
}

func TestHealth(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if r := e.do("GET", "/healthz", "", nil); r.Status != 200 {
		t.Fatalf("healthz = %d", r.Status)
	}
	if r := e.do("GET", "/readyz", "", nil); r.Status != 200 || r.Body["database"] != "ok" {
		t.Fatalf("readyz = %d %s", r.Status, r.Raw)
	}
	e.st.Close()
	if r := e.do("GET", "/readyz", "", nil); r.Status != 503 {
		t.Fatalf("readyz with the database gone = %d, want 503", r.Status)
	}
}

func TestUnknownRoutesAnswerJSON(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wantError(t, e.do("GET", "/api/v1/nothing", "", nil), 404, "not_found")
	wantError(t, e.do("DELETE", "/api/v1/response", "", nil), 405, "method_not_allowed")
}
