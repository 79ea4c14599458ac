package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// The reviewers' pages live under paths.ReviewHome, with a session cookie
// of their own that no other path ever receives.
const (
	reviewerKey    = "web.reviewer"
	reviewerCookie = "vaconsult_reviewer"
)

// requireReviewer finds the reviewer of the session cookie, or sends the
// browser to the sign-in page, which brings it back here afterwards. A
// respondent's session is no reviewer's: it is sent there too.
func (h *Handler) requireReviewer(c *gin.Context) {
	token, _ := c.Cookie(reviewerCookie)
	r, err := h.store.FindReviewerSession(c.Request.Context(), token)
	if err != nil {
		if store.KindOf(err) != store.KindUnauthorized {
			h.serverError(c, err)
			return
		}
		if token != "" {
			h.setReviewerCookie(c, "", -1)
		}
		target := paths.ReviewSignIn()
		if c.Request.Method == http.MethodGet && c.Request.URL.Path != paths.ReviewHome() {
			target += "?next=" + url.QueryEscape(c.Request.URL.RequestURI())
		}
		c.Redirect(http.StatusSeeOther, target)
		c.Abort()
		return
	}
	c.Set(reviewerKey, r)
}

// requireReviewAdmin lets only administrators through; it runs after
// requireReviewer.
func (h *Handler) requireReviewAdmin(c *gin.Context) {
	if !reviewer(c).IsAdmin() {
		h.renderError(c, http.StatusForbidden, "forbidden")
	}
}

func reviewer(c *gin.Context) *store.Reviewer {
	return c.MustGet(reviewerKey).(*store.Reviewer)
}

// setReviewerCookie sets the reviewer's session cookie: HttpOnly,
// SameSite=Lax, Secure over HTTPS, and sent only to /review and to the
// administrators' pages under /admin.
func (h *Handler) setReviewerCookie(c *gin.Context, value string, maxAge int) {
	for _, path := range []string{paths.ReviewHome(), paths.AdminHome()} {
		http.SetCookie(c.Writer, &http.Cookie{Name: reviewerCookie, Value: value, Path: path, MaxAge: maxAge,
			HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	}
}

// safeNext returns where to go after signing in: a reviewer's or an
// administrator's page of this site, never another site.
func safeNext(next string) string {
	if !(strings.HasPrefix(next, paths.ReviewHome()+"/") || strings.HasPrefix(next, paths.AdminHome()+"/")) || strings.HasPrefix(next, paths.ReviewSignIn()) ||
		strings.ContainsAny(next, "\\\r\n") {
		return paths.ReviewHome()
	}
	return next
}

// reviewBase is what every reviewer's page shows above its own content:
// who is signed in, and the way to the other pages.
type reviewBase struct {
	Me   *store.Reviewer
	Slug string // the consultation in view, if any
}

// reviewView returns the view of a reviewer's page. The respondents'
// sign-out link of the footer does not belong there.
func (h *Handler) reviewView(c *gin.Context, titleKey string, page any) *view {
	v := h.newView(c, titleKey, page)
	v.SignedIn = false
	return v
}

// findReviewConsultation returns the consultation of the path, or renders
// the 404 page.
func (h *Handler) findReviewConsultation(c *gin.Context) (*store.Consultation, bool) {
	cn, err := h.store.FindConsultationBySlug(c.Request.Context(), c.Param("slug"))
	if err == store.ErrNotFound {
		h.renderError(c, http.StatusNotFound, "notfound")
		return nil, false
	}
	if err != nil {
		h.serverError(c, err)
		return nil, false
	}
	return cn, true
}

// problem adds an entry to the page's error summary, linked to the input
// with id field.
func (h *Handler) problem(v *view, field, message string) {
	v.Errors = append(v.Errors, fieldError{Field: field, Message: message})
}
