package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/questionset"
)

// TestSecurityHeadersEverywhere checks that every kind of answer carries
// the security headers, health checks and errors included, and that a
// site served over HTTPS asks browsers to keep to it (HSTS).
func TestSecurityHeadersEverywhere(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	asset := ""
	for _, base := range []string{"https://consult.example.org", ""} {
		srv := httptest.NewServer(app.NewRouter(e.st, slog.New(slog.NewTextHandler(io.Discard, nil)), base))
		defer srv.Close()
		e.URL = srv.URL
		if asset == "" {
			asset = assetRE.FindStringSubmatch(e.browser("en").get("/").Body)[1]
		}
		for _, path := range []string{"/healthz", "/readyz", "/", "/c/" + e.c.Slug, asset, "/no-such-page", "/c/%FF",
			"/api/v1/consultations", "/api/v1/no-such-route", "/api/v1/consultations/%00", "/api/v1/response", "/sw.js"} {
			p := e.browser("en").get(path)
			hd := p.Header
			for _, h := range []string{"X-Content-Type-Options", "Content-Security-Policy", "Cache-Control",
				"Referrer-Policy", "X-Frame-Options"} {
				if hd.Get(h) == "" {
					t.Errorf("GET %s (base %q, %d): no %s header", path, base, p.Status, h)
				}
			}
			if got := hd.Get("X-Content-Type-Options"); got != "" && got != "nosniff" {
				t.Errorf("GET %s: X-Content-Type-Options = %q, want nosniff", path, got)
			}
			hsts := hd.Get("Strict-Transport-Security")
			switch {
			case base != "" && !strings.HasPrefix(hsts, "max-age=31536000"):
				t.Errorf("GET %s under %s: Strict-Transport-Security = %q, want a year's max-age", path, base, hsts)
			case base == "" && hsts != "":
				t.Errorf("GET %s over plain HTTP: Strict-Transport-Security = %q, want none", path, hsts)
			}
		}
	}
}

// TestOversizeFormIs413 posts a form over the size limit, with a valid
// CSRF field: it gets 413 and the page that says so, not a 403 for a CSRF
// field the server never read.
func TestOversizeFormIs413(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(f *questionset.File) { f.SelfRegistration = true })
	b := e.browser("fr")
	form := b.get("/c/" + e.c.Slug + "/register")
	v := url.Values{"name": {strings.Repeat("x", 1<<20)}, "kind": {"organisation"}}
	v.Set("csrf", hidden(t, form, "csrf"))
	p := b.do("POST", "/c/"+e.c.Slug+"/register", v)
	wantStatus(t, p, http.StatusRequestEntityTooLarge)
	wantContains(t, p, "Ce formulaire est trop volumineux pour être envoyé")
	var n int
	if err := e.st.Pool().QueryRow(t.Context(), `SELECT count(*) FROM respondents`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d respondents after an oversize registration (%v), want 0", n, err)
	}
}
