package web_test

import (
	"context"
	"net/http/httptest"
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
// query or a command, or a whole batch.
type roundTrips struct{ n atomic.Int64 }

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.n.Add(1)
	return ctx
}

func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (r *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	r.n.Add(1)
	return ctx
}

func (r *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

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
