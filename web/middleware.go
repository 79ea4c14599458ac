package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"mime"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/edge"
	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
)

// Context keys and cookie names.
const (
	langKey      = "web.lang"
	csrfKey      = "web.csrf"
	principalKey = "web.principal"
	signedInKey  = "web.signedin"
	formLimitKey = "web.formlimit" // int64: a larger cap than maxForm, set before csrf

	langCookie    = "vaconsult_lang"
	csrfCookie    = "vaconsult_csrf"
	sessionCookie = "vaconsult_session"
	linkCookie    = "vaconsult_link"
)

// maxForm caps a form's body: far above the longest answers, far below
// what would strain the server.
const maxForm = 1 << 20

// csp allows nothing but this site's own scripts, styles and images: no
// inline script or style, no frames, forms posting only here.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"worker-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// headers sets the security headers of every page. Pages hold personal
// answers, so no one but the browser may keep a copy.
func (h *Handler) headers(c *gin.Context) {
	hd := c.Writer.Header()
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	// no-referrer: an access link's token must not travel to another site.
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("Cross-Origin-Opener-Policy", "same-origin")
	hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Vary", "Cookie, Accept-Language")
}

// language picks the page's language: a ?lang= link (remembered in a cookie
// and then dropped from the address), the cookie, or Accept-Language.
func (h *Handler) language(c *gin.Context) {
	q := c.Query("lang")
	remembered, _ := c.Cookie(langCookie)
	l := lang.Negotiate(q, remembered, c.GetHeader("Accept-Language"))
	c.Set(langKey, l)
	if q == "" || c.Request.Method != http.MethodGet || c.IsAborted() {
		return
	}
	if lang.IsSupported(q) {
		h.setCookie(c, langCookie, q, 365*24*3600)
	}
	u := *c.Request.URL
	vals := u.Query()
	vals.Del("lang")
	u.RawQuery = vals.Encode()
	if c.FullPath() != "" {
		c.Redirect(http.StatusSeeOther, u.RequestURI())
		c.Abort()
	}
}

// csrf gives every visitor a random token in a cookie, which every form
// carries back in a hidden field, and refuses a POST whose field does not
// match it or which a browser reports as sent from another site.
func (h *Handler) csrf(c *gin.Context) {
	token, err := c.Cookie(csrfCookie)
	if err != nil || len(token) != 43 {
		b := make([]byte, 32)
		rand.Read(b)
		token = base64.RawURLEncoding.EncodeToString(b)
		h.setCookie(c, csrfCookie, token, 0)
	}
	c.Set(csrfKey, maskToken(token))
	if c.Request.Method != http.MethodPost {
		return
	}
	limit := int64(maxForm)
	if n, ok := c.Get(formLimitKey); ok {
		limit = n.(int64)
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	if p := checkMultipart(c.Request); p != nil {
		h.Refuse(c, p)
		return
	}
	sent := unmaskToken(c.PostForm("csrf"))
	if err := h.cop.Check(c.Request); err != nil ||
		subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
		h.fail(c, errCSRF)
	}
}

// checkMultipart reads an upload's form, within the limit set on its body,
// and checks its fields as the edge checks URL-encoded forms: a body over
// the limit is a problem of its own (413), not a missing CSRF field.
func checkMultipart(r *http.Request) *edge.Problem {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
		return nil
	}
	if err := r.ParseMultipartForm(maxForm); err != nil {
		return edge.FormError(err)
	}
	return edge.CheckForm(r.MultipartForm.Value)
}

// maskToken returns the CSRF token XORed with a fresh random pad, pad
// first, so that no two pages carry the same bytes: compressed pages then
// tell nothing about the token (BREACH).
func maskToken(token string) string {
	pad := make([]byte, len(token))
	rand.Read(pad)
	out := make([]byte, 2*len(token))
	copy(out, pad)
	for i := range token {
		out[len(token)+i] = pad[i] ^ token[i]
	}
	return base64.RawURLEncoding.EncodeToString(out)
}

// unmaskToken undoes maskToken; it returns "" for anything else.
func unmaskToken(masked string) string {
	b, err := base64.RawURLEncoding.DecodeString(masked)
	if err != nil || len(b) == 0 || len(b)%2 != 0 {
		return ""
	}
	n := len(b) / 2
	out := make([]byte, n)
	for i := range out {
		out[i] = b[i] ^ b[n+i]
	}
	return string(out)
}

// requireSession finds the principal of the session cookie, or answers
// that the person must open their access link.
func (h *Handler) requireSession(c *gin.Context) {
	token, _ := c.Cookie(sessionCookie)
	p, err := h.store.SessionPrincipal(c.Request.Context(), token)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Set(principalKey, p)
	c.Set(signedInKey, true)
}

func principal(c *gin.Context) *store.Principal {
	return c.MustGet(principalKey).(*store.Principal)
}

// wantsJSON reports whether the request comes from the page's script.
func wantsJSON(c *gin.Context) bool {
	return strings.Contains(c.GetHeader("Accept"), "application/json")
}

// setCookie sets an HttpOnly, SameSite=Lax cookie for the whole site,
// Secure when the site is served over HTTPS. maxAge 0 makes it last as long
// as the browser session; a negative one removes it.
func (h *Handler) setCookie(c *gin.Context, name, value string, maxAge int) {
	h.setPathCookie(c, name, value, maxAge, "/")
}

// setPathCookie sets a cookie the browser sends only for addresses under
// path.
func (h *Handler) setPathCookie(c *gin.Context, name, value string, maxAge int, path string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: name, Value: url.QueryEscape(value), Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
}
