package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// The benchmarks below run a respondent's requests through the whole
// handler (router, middleware, store, PostgreSQL), as bench/run.sh does
// over the network, without the network: what they report per operation is
// the server's own work and its allocations, which is what the server can
// change. Run them with
//
//	go run ./cmd/testdb -- go test -run '^$' -bench . -benchmem ./api

// benchAnswer is an answer text of about the mean size the load tool
// sends (1,650 bytes), in several scripts, as real answers are.
var benchAnswer = strings.Repeat("The rehabilitation centre is four hours away by road. "+
	"Le centre de réadaptation est à quatre heures de route. "+
	"يقع مركز إعادة التأهيل على بعد أربع ساعات بالطريق. ", 10)

type benchRespondent struct {
	h       http.Handler
	token   string
	answers string // the JSON array of answers to every question
	version int
}

func newBenchRespondent(b *testing.B) *benchRespondent {
	b.Helper()
	ctx := context.Background()
	st, h := newHandler(b)
	acc, err := st.Invite(ctx, store.NewRespondent{Consultation: "va-impact-2012",
		Audience: domain.AudienceSurvivors, Name: "Benchmark survivors' association", Country: "KH"})
	if err != nil {
		b.Fatal(err)
	}
	c, err := st.FindConsultationBySlug(ctx, "va-impact-2012")
	if err != nil {
		b.Fatal(err)
	}
	qs, _ := c.QuestionSet(domain.AudienceSurvivors)
	var answers []map[string]any
	for _, q := range qs.Questions {
		a := map[string]any{"question_id": q.ID, "text": benchAnswer}
		if len(q.Choices) > 0 {
			a["choice"] = q.Choices[0].Value
		}
		answers = append(answers, a)
	}
	raw, err := json.Marshal(answers)
	if err != nil {
		b.Fatal(err)
	}
	return &benchRespondent{
		h:       h,
		token:   acc.Token,
		answers: string(raw),
	}
}

// call sends one request and returns the version the answer holds, if any.
func (r *benchRespondent) call(b *testing.B, method, path, body string) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+r.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	r.h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		b.Fatalf("%s %s: status %d: %s", method, path, w.Code, w.Body)
	}
	var out struct {
		Version *int `json:"version"`
	}
	if json.Unmarshal(w.Body.Bytes(), &out) == nil && out.Version != nil {
		r.version = *out.Version
	}
}

func (r *benchRespondent) save(b *testing.B) {
	r.call(b, http.MethodPut, "/api/v1/response",
		`{"version":`+strconv.Itoa(r.version)+`,"answers":`+r.answers+`}`)
}

// BenchmarkSaveDraft: one autosave of every answer (PUT /api/v1/response).
func BenchmarkSaveDraft(b *testing.B) {
	r := newBenchRespondent(b)
	r.call(b, http.MethodGet, "/api/v1/response", "")
	b.ReportAllocs()
	for b.Loop() {
		r.save(b)
	}
}

// BenchmarkCompleteSubmission: what a respondent's browser does to submit
// over the API: read the form and the response, save every answer, submit.
func BenchmarkCompleteSubmission(b *testing.B) {
	r := newBenchRespondent(b)
	b.ReportAllocs()
	for b.Loop() {
		r.call(b, http.MethodGet, "/api/v1/consultations/va-impact-2012", "")
		r.call(b, http.MethodGet, "/api/v1/response", "")
		r.save(b)
		r.call(b, http.MethodPost, "/api/v1/response/submit",
			`{"version":`+strconv.Itoa(r.version)+`,"attribution":"named"}`)
	}
}
