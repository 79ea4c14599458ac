package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
)

// roundTrips counts what the server sends to PostgreSQL and waits for: a
// query or a command, or a whole batch (n); and the statements, those of
// a batch one by one (statements).
type roundTrips struct{ n, statements atomic.Int64 }

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.n.Add(1)
	r.statements.Add(1)
	return ctx
}

func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (r *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	r.n.Add(1)
	return ctx
}

func (r *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {
	r.statements.Add(1)
}

func (r *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// newTracedEnv is newEnv over a pool whose round trips are counted.
func newTracedEnv(t *testing.T) (*env, *roundTrips) {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(dbtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	rt := &roundTrips{}
	cfg.ConnConfig.Tracer = rt
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	st := store.New(pool)
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.LoadConsultation(context.Background(), f)
	if err != nil {
		t.Fatalf("load consultation: %v", err)
	}
	e := &env{t: t, st: st, c: res.Consultation}
	srv := httptest.NewServer(e.handler())
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	return e, rt
}

// An autosave is the busiest request of a consultation: each person's
// browser sends one every few seconds while they type.
func TestAutosaveRoundTrips(t *testing.T) {
	t.Parallel()
	e, rt := newTracedEnv(t)
	b := e.browser("en")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Sok Chea")), "/respond")
	page := b.get("/respond")
	qs := e.questions(domain.AudienceStatesParties)

	const budget = 3
	for i, text := range []string{"A first sentence.", "A first sentence, and a second."} {
		v := formValues(page)
		v.Set(form.TextName(qs[0].ID), text)
		before := rt.n.Load()
		r := b.do("POST", "/respond/draft", v, "Accept", "application/json")
		wantStatus(t, r, 200)
		if got := rt.n.Load() - before; got > budget {
			t.Errorf("autosave %d took %d round trips to the database, want at most %d", i+1, got, budget)
		}
		page = b.get("/respond")
	}

	before := rt.n.Load()
	wantStatus(t, b.get("/respond"), 200)
	t.Logf("GET /respond: %d round trips", rt.n.Load()-before)
}

// Every request of a respondent's way through a consultation has a budget
// of round trips to the database, counted once the consultation is in the
// server's memory. The pages pay one for the session's lookup and at most
// two more; the API authenticates in the statements that do the work.
func TestRespondentRequestBudgets(t *testing.T) {
	t.Parallel()
	e, rt := newTracedEnv(t)
	qs := e.questions(domain.AudienceStatesParties)
	count := func(name string, budget int64, do func()) {
		t.Helper()
		before, statements := rt.n.Load(), rt.statements.Load()
		do()
		got := rt.n.Load() - before
		t.Logf("%s: %d round trips (budget %d), %d statements", name, got, budget, rt.statements.Load()-statements)
		if got > budget {
			t.Errorf("%s took %d round trips to the database, want at most %d", name, got, budget)
		}
	}

	// The pages, without the script and with it.
	b := e.browser("en")
	link := "/r/" + e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Sok Chea")
	count("GET /r/{token} (the access link)", 2, func() { wantRedirect(t, b.get(link), "/respond") })
	wantStatus(t, b.get("/respond"), 200) // the consultation is read once, then kept
	var form1 page
	count("GET /respond", 2, func() { form1 = b.get("/respond"); wantStatus(t, form1, 200) })
	count("POST /respond/draft (autosave)", 2, func() {
		v := formValues(form1)
		v.Set(form.TextName(qs[0].ID), "A first sentence.")
		wantStatus(t, b.do("POST", "/respond/draft", v, "Accept", "application/json"), 200)
	})
	count("POST /respond (continue)", 3, func() {
		v := answerForm(form1, qs, "An answer")
		v.Set("action", "continue")
		wantRedirect(t, b.do("POST", "/respond", v), "/respond/check")
	})
	var check page
	count("GET /respond/check", 2, func() { check = b.get("/respond/check"); wantStatus(t, check, 200) })
	count("POST /respond/submit", 3, func() {
		wantRedirect(t, b.post("/respond/submit", check,
			url.Values{"version": {hidden(t, check, "version")}, "attribution": {"named"}}), "/respond/confirmation")
	})
	count("GET /respond/confirmation", 2, func() {
		wantContains(t, b.get("/respond/confirmation"), "VA-")
	})

	// The API.
	token := e.invite(domain.AudienceStatesParties, "TH", "Thailand", "Somchai")
	a := e.browser("en")
	auth := []string{"Authorization", "Bearer " + token, "Content-Type", "application/json"}
	a.doBody("GET", "/api/v1/consultations/"+e.c.Slug, "") // read once, then kept
	count("GET /api/v1/consultations/{slug}", 1, func() {
		wantStatus(t, a.doBody("GET", "/api/v1/consultations/"+e.c.Slug, ""), 200)
	})
	count("GET /api/v1/response", 1, func() { wantStatus(t, a.doBody("GET", "/api/v1/response", "", auth...), 200) })
	var answers []string
	for _, q := range qs {
		ans := fmt.Sprintf(`{"question_id":%d,"text":"An answer to question %d."`, q.ID, q.Number)
		if q.TakesChoice() {
			ans += fmt.Sprintf(`,"choice":%q`, q.Choices[0].Value)
		}
		answers = append(answers, ans+"}")
	}
	var saved page
	count("PUT /api/v1/response", 2, func() {
		saved = a.doBody("PUT", "/api/v1/response", `{"version":0,"answers":[`+strings.Join(answers, ",")+`]}`, auth...)
		wantStatus(t, saved, 200)
	})
	var version struct{ Version int }
	if err := json.Unmarshal([]byte(saved.Body), &version); err != nil {
		t.Fatal(err)
	}
	count("POST /api/v1/response/submit", 2, func() {
		r := a.doBody("POST", "/api/v1/response/submit", fmt.Sprintf(`{"version":%d,"attribution":"anonymous"}`, version.Version), auth...)
		wantStatus(t, r, 200)
		wantContains(t, r, `"receipt":"VA-`)
	})
	count("POST /api/v1/response/submit (again)", 2, func() {
		r := a.doBody("POST", "/api/v1/response/submit", fmt.Sprintf(`{"version":%d,"attribution":"named"}`, version.Version), auth...)
		wantStatus(t, r, 200)
		wantContains(t, r, `"attribution":"named"`)
	})
}
