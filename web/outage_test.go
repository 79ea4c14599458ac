package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/store"
)

// TestDatabaseOutagePages: while PostgreSQL refuses connections, the pages
// answer 503 with Retry-After and a page that says so in the person's
// language, not a 500 that blames the service; nothing a person saved is
// in question.
func TestDatabaseOutagePages(t *testing.T) {
	t.Parallel()
	pool, err := pgxpool.New(t.Context(), "postgres://postgres@127.0.0.1:1/vaconsult?connect_timeout=2&sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	srv := httptest.NewServer(app.NewRouter(store.New(pool), slog.New(slog.NewTextHandler(io.Discard, nil)), ""))
	t.Cleanup(srv.Close)
	e := &env{t: t, URL: srv.URL}
	b := e.browser("es")
	for _, path := range []string{"/", "/c/va-impact-2012", "/review/signin"} {
		p := b.get(path)
		if path == "/review/signin" && p.Status == http.StatusOK {
			continue // the sign-in form needs no database
		}
		wantStatus(t, p, http.StatusServiceUnavailable)
		wantContains(t, p, "El servicio no está disponible en este momento")
		if p.Header.Get("Retry-After") == "" {
			t.Errorf("GET %s with the database down: no Retry-After", path)
		}
	}
	p := b.do("GET", "/respond", nil, "Cookie", "vaconsult_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	wantStatus(t, p, http.StatusServiceUnavailable)
}
