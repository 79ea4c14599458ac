package web_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store/domain"
)

func TestPublicPagesInEveryLanguage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, l := range lang.Supported {
		b := e.browser(l)
		for _, path := range []string{"/", "/c/" + e.c.Slug, "/c/" + e.c.Slug + "/register", "/respond", "/r/nonsense", "/nowhere"} {
			p := b.get(path)
			if p.Status >= 500 {
				t.Fatalf("%s %s = %d", l, path, p.Status)
			}
			wantContains(t, p, fmt.Sprintf(`<html lang="%s" dir="%s">`, l, lang.Dir(l)), `hreflang="ar" dir="rtl"`)
			if strings.Contains(p.Body, "%!") {
				t.Fatalf("%s %s: a message got the wrong arguments:\n%s", l, path, p.Body)
			}
			if got := p.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
				t.Fatalf("%s %s: Content-Type = %q", l, path, got)
			}
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.browser("en").get("/c/" + e.c.Slug)
	wantStatus(t, p, 200)
	csp := p.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"} {
		if got := p.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	// Nothing inline for the CSP to refuse, and nothing from elsewhere.
	if regexp.MustCompile(`<script>|<style|\sstyle=|\son[a-z]+=`).MatchString(p.Body) {
		t.Errorf("page has inline script or style")
	}
	if regexp.MustCompile(`(src|href)="(https?:)?//`).MatchString(p.Body) {
		t.Errorf("page loads something from another site")
	}
}

func TestUnknownPathsAnswerHTMLAndAPIPathsJSON(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("es")
	p := b.get("/nowhere")
	wantStatus(t, p, 404)
	wantContains(t, p, "No se encontró la página")
	api := b.get("/api/v1/nowhere")
	wantStatus(t, api, 404)
	if !strings.HasPrefix(api.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("API 404 Content-Type = %q", api.Header.Get("Content-Type"))
	}
}

func TestLanguageSwitchIsRemembered(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("fr")
	p := b.get("/?lang=ar")
	wantRedirect(t, p, "/")
	wantContains(t, b.get("/"), `<html lang="ar" dir="rtl">`, `aria-current="true">العربية`)
	// Titles from the consultation file are in Arabic too.
	wantContains(t, b.get("/c/"+e.c.Slug), "مساعدة الضحايا: قياس الأثر والإبلاغ عنه")
}

var assetRE = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

func TestStaticAssetsAreHashedCachedAndCompressed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.browser("en").get("/")
	assets := assetRE.FindAllStringSubmatch(p.Body, -1)
	if len(assets) < 3 {
		t.Fatalf("found %d assets in the page", len(assets))
	}
	for _, m := range assets {
		req, _ := http.NewRequest("GET", e.URL+m[1], nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s = %d, Cache-Control %q", m[1], res.StatusCode, res.Header.Get("Cache-Control"))
		}
		if !strings.HasSuffix(m[1], ".svg") && res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s is not compressed", m[1])
		}
	}
}

// TestQuestionFormIsLight keeps the question form, with its stylesheet and
// script, under 50 KB before compression, in every language: Russian and
// Arabic take two bytes a letter in UTF-8, Chinese three a character.
func TestQuestionFormIsLight(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, l := range lang.Supported {
		for _, audience := range domain.Audiences {
			b := e.browser(l)
			wantRedirect(t, b.get("/r/"+e.invite(audience, "JO", "Jordan", "Rania "+l)), "/respond")
			p := b.get("/respond")
			wantStatus(t, p, 200)
			wantContains(t, p, `<html lang="`+l+`"`)
			total := len(p.Body)
			for _, m := range assetRE.FindAllStringSubmatch(p.Body, -1) {
				total += len(b.get(m[1]).Body)
			}
			if total > 50*1024 {
				t.Errorf("%s %s form with its assets = %d bytes, want at most 50 KB", l, audience, total)
			}
			t.Logf("%s %s form with its assets: %d bytes", l, audience, total)
		}
	}
}

func TestServerErrorPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("fr")
	wantStatus(t, b.get("/"), 200)
	e.st.Close()
	p := b.get("/")
	wantStatus(t, p, http.StatusInternalServerError)
	wantContains(t, p, "Désolés, le service rencontre un problème", `<html lang="fr"`)
}

func TestCookiesAreSecureOverHTTPS(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	srv := httptest.NewServer(app.NewRouter(e.st, slog.New(slog.NewTextHandler(io.Discard, nil)), "https://consult.example.org"))
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	p := e.browser("en").get("/r/" + e.invite(domain.AudienceStatesParties, "NO", "Norway", "Ola"))
	wantRedirect(t, p, "/respond")
	for _, c := range p.Header.Values("Set-Cookie") {
		if !strings.Contains(c, "Secure") || !strings.Contains(c, "HttpOnly") {
			t.Errorf("cookie %q is not Secure and HttpOnly", c)
		}
	}
}

func TestFormsRefuseForeignRequests(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mine, theirs := e.browser("en"), e.browser("en")
	path := "/c/" + e.c.Slug + "/register"
	form := func(csrf string) url.Values {
		return url.Values{"csrf": {csrf}, "kind": {"individual"}, "name": {"Someone"}, "country": {"CO"}}
	}
	page := mine.get(path)
	other := theirs.get(path)
	// Another visitor's token does not fit this visitor's cookie.
	wantStatus(t, mine.do("POST", path, form(hidden(t, other, "csrf"))), http.StatusForbidden)
	// A request the browser marks as sent from another site is refused
	// even with the right token.
	wantStatus(t, mine.do("POST", path, form(hidden(t, page, "csrf")), "Sec-Fetch-Site", "cross-site"), http.StatusForbidden)
	// Each page carries the token masked afresh.
	if again := mine.get(path); hidden(t, again, "csrf") == hidden(t, page, "csrf") {
		t.Fatal("two pages carry the same CSRF field")
	}
	wantRedirect(t, mine.do("POST", path, form(hidden(t, page, "csrf"))), "/respond/registered")
}
