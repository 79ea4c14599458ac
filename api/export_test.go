package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// reviewer creates a reviewer with the role given and returns a personal
// API token and the actor the audit log names them by.
func (e *env) reviewer(role string) (token, actor string) {
	e.t.Helper()
	ctx := context.Background()
	email := role + "@example.org"
	r, err := e.st.CreateReviewer(ctx, store.NewReviewer{Email: email, Name: "Reviewer " + role, Role: role,
		Password: "correct horse battery staple"}, "test")
	if err != nil {
		e.t.Fatalf("create reviewer: %v", err)
	}
	token, err = e.st.CreateReviewerToken(ctx, email, "test")
	if err != nil {
		e.t.Fatalf("create reviewer token: %v", err)
	}
	return token, fmt.Sprintf("reviewer:%d", r.ID)
}

func TestSummary(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	token, _ := e.reviewer(store.RoleCoChair)
	r := e.do("GET", "/api/v1/consultations/va-impact-2012/summary", token, nil)
	if r.Status != 200 {
		t.Fatalf("status = %d, want 200; body %s", r.Status, r.Raw)
	}
	qs, _ := r.Body["questions"].([]any)
	if len(qs) != 7 {
		t.Fatalf("questions = %d, want 7", len(qs))
	}
	if themes, ok := r.Body["themes"].([]any); !ok || len(themes) != 0 {
		t.Fatalf("themes = %v, want an empty list", r.Body["themes"])
	}
	wantError(t, e.do("GET", "/api/v1/consultations/no-such/summary", token, nil), 404, "not_found")
	wantError(t, e.do("GET", "/api/v1/consultations/va-impact-2012/summary", "", nil), 401, "missing_token")
}

func TestExportDownload(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	coChair, coChairActor := e.reviewer(store.RoleCoChair)
	admin, _ := e.reviewer(store.RoleAdmin)
	day := time.Now().UTC().Format("2006-01-02")
	tests := []struct {
		token, format, variant, contentType string
	}{
		{coChair, "csv", "public", "text/csv; charset=utf-8"},
		{coChair, "json", "internal", "application/json; charset=utf-8"},
		{admin, "xlsx", "internal", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{admin, "html", "public", "text/html; charset=utf-8"},
	}
	for _, tt := range tests {
		r := e.do("GET", "/api/v1/consultations/va-impact-2012/export?format="+tt.format+"&variant="+tt.variant, tt.token, nil)
		if r.Status != 200 {
			t.Fatalf("%s %s: status = %d, want 200; body %.300s", tt.format, tt.variant, r.Status, r.Raw)
		}
		if got := r.Header.Get("Content-Type"); got != tt.contentType {
			t.Errorf("%s: Content-Type = %q, want %q", tt.format, got, tt.contentType)
		}
		wantName := fmt.Sprintf(`attachment; filename="va-impact-2012-%s-%s.%s"`, tt.variant, day, tt.format)
		if got := r.Header.Get("Content-Disposition"); got != wantName {
			t.Errorf("%s: Content-Disposition = %q, want %q", tt.format, got, wantName)
		}
		if got := r.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: Cache-Control = %q, want no-store", tt.format, got)
		}
	}
	r := e.do("GET", "/api/v1/consultations/va-impact-2012/export?format=csv&variant=public", coChair, nil)
	if !strings.HasPrefix(string(r.Raw), "\uFEFFconsultation,") {
		t.Errorf("CSV starts with %.40q, want a byte-order mark and the header", r.Raw)
	}

	var actions []string
	rows, err := e.st.Pool().Query(context.Background(), `SELECT details->>'format' || ' ' || (details->>'variant')
		FROM audit_log WHERE actor = $1 AND action = 'consultation.export' ORDER BY id`, coChairActor)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		rows.Scan(&a)
		actions = append(actions, a)
	}
	if got, want := strings.Join(actions, ","), "csv public,json internal,csv public"; got != want {
		t.Errorf("audit = %q, want %q", got, want)
	}
}

func TestExportRefusesBadRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	token, _ := e.reviewer(store.RoleCoChair)
	base := "/api/v1/consultations/va-impact-2012/export"
	body := wantError(t, e.do("GET", base+"?format=pdf&variant=secret", token, nil), 422, "validation_failed")
	fields := body["fields"].(map[string]any)
	if fields["format"] == nil || fields["variant"] == nil {
		t.Errorf("fields = %v, want format and variant", fields)
	}
	wantError(t, e.do("GET", base, token, nil), 422, "validation_failed")
	wantError(t, e.do("GET", "/api/v1/consultations/no-such/export?format=csv&variant=public", token, nil), 404, "not_found")
	wantError(t, e.do("GET", base+"?format=csv&variant=public", "", nil), 401, "missing_token")
	respondent := e.invite("survivors", "Network", "KH")
	wantError(t, e.do("GET", base+"?format=csv&variant=public", respondent, nil), 401, "invalid_token")
}

// submit has a respondent answer every question of their audience and
// submit with attribution.
func (e *env) submit(audience domain.Audience, name, country string, attribution domain.Attribution, text string) {
	e.t.Helper()
	token := e.invite(audience, name, country)
	var answers []map[string]any
	for n := 1; n <= map[domain.Audience]int{"states-parties": 4, "survivors": 3}[audience]; n++ {
		a := map[string]any{"question_id": e.questionID(audience, n), "text": text}
		if audience == "survivors" && n != 2 {
			a["choice"] = map[int]string{1: "partly", 3: "no_difference"}[n]
		}
		answers = append(answers, a)
	}
	if r := e.do("PUT", "/api/v1/response", token, map[string]any{"version": 0, "answers": answers}); r.Status != 200 {
		e.t.Fatalf("save: %d %s", r.Status, r.Raw)
	}
	if r := e.do("POST", "/api/v1/response/submit", token, map[string]any{"version": 1, "attribution": attribution}); r.Status != 200 {
		e.t.Fatalf("submit: %d %s", r.Status, r.Raw)
	}
}

func TestPublicSummaryWithholdsAnonymousRegions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	token, _ := e.reviewer(store.RoleCoChair)
	e.submit("states-parties", "Tajikistan", "TJ", "anonymous", "we measure little")
	e.submit("states-parties", "Cambodia", "KH", "named", "we count services")
	base := "/api/v1/consultations/va-impact-2012/summary"
	internal := e.do("GET", base, token, nil)
	public := e.do("GET", base+"?variant=public", token, nil)
	if internal.Status != 200 || public.Status != 200 {
		t.Fatalf("status = %d, %d; want 200", internal.Status, public.Status)
	}
	// counts returns a dimension of the first question's counts, as
	// "value=count" in order.
	counts := func(r result, dim string) string {
		q := r.Body["questions"].([]any)[0].(map[string]any)
		var out []string
		for _, c := range q[dim].([]any) {
			c := c.(map[string]any)
			out = append(out, fmt.Sprintf("%v=%v", c["value"], c["count"]))
		}
		return strings.Join(out, ",")
	}
	if got, want := counts(internal, "by_region"), "East & South Asia & Pacific=1,Europe, Caucasus & Central Asia=1"; got != want {
		t.Errorf("internal by region = %s, want %s", got, want)
	}
	if got, want := counts(public, "by_region"), "=1,East & South Asia & Pacific=1"; got != want {
		t.Errorf("public by region = %s, want %s (the anonymous State's withheld)", got, want)
	}
	if got, want := counts(public, "by_kind"), "=1,state=1"; got != want {
		t.Errorf("public by kind = %s, want %s", got, want)
	}
	if strings.Contains(string(public.Raw), "Caucasus") {
		t.Error("public summary names the anonymous State's region")
	}
	for _, rate := range public.Body["response_rates"].([]any) {
		if region := rate.(map[string]any)["region"]; region != "" {
			t.Errorf("public response rate by region %q, want by audience only", region)
		}
	}
	wantError(t, e.do("GET", base+"?variant=secret", token, nil), 422, "validation_failed")
}

func TestExportInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	token, _ := e.reviewer(store.RoleCoChair)
	e.submit("states-parties", "Cambodia", "KH", "named", "we count services")
	base := "/api/v1/consultations/va-impact-2012/export?format=csv&variant=internal"
	r := e.do("GET", base+"&lang=fr", token, nil, "Accept-Language", "es")
	if got := r.Header.Get("Content-Language"); got != "fr" {
		t.Errorf("Content-Language = %q, want fr", got)
	}
	if !strings.HasPrefix(string(r.Raw), "\uFEFFconsultation,réponse n°,public,répondant,") ||
		!strings.Contains(string(r.Raw), "Asie de l’Est et du Sud et Pacifique") {
		t.Errorf("French CSV = %.300s", r.Raw)
	}
	// The report quotes what the Co-Chairs chose, with the country of a
	// named answer.
	var response int64
	if err := e.st.Pool().QueryRow(context.Background(), `SELECT id FROM responses`).Scan(&response); err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.ChooseQuote(context.Background(), "cli",
		store.QuoteInput{ResponseID: response, QuestionID: e.questionID("states-parties", 1)}); err != nil {
		t.Fatal(err)
	}
	r = e.do("GET", strings.Replace(base, "csv", "html", 1), token, nil, "Accept-Language", "ar-EG, en;q=0.5")
	if got := string(r.Raw); !strings.Contains(got, `<html lang="ar" dir="rtl">`) || !strings.Contains(got, "كمبوديا") {
		t.Errorf("report asked for in Arabic = %.300s", got)
	}
}
