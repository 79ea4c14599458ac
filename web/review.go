package web

import (
	"errors"
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
// respondent's session is no reviewer's: it is sent there too. A session
// still waiting for a second factor, or for its enrolment, is sent to the
// page that asks for it.
func (h *Handler) requireReviewer(c *gin.Context) {
	if rs, ok := h.reviewerSession(c); ok {
		if rs.Stage != store.StageFull {
			c.Redirect(http.StatusSeeOther, stagePage(rs.Stage))
			c.Abort()
			return
		}
		c.Set(reviewerKey, rs.Reviewer)
	}
}

// requireEnrolling lets through a full session and one that must enrol a
// second factor before anything else.
func (h *Handler) requireEnrolling(c *gin.Context) {
	if rs, ok := h.reviewerSession(c); ok {
		if rs.Stage == store.StageSecondFactor {
			c.Redirect(http.StatusSeeOther, paths.ReviewSignInCode())
			c.Abort()
			return
		}
		c.Set(reviewerKey, rs.Reviewer)
	}
}

// reviewerSession returns the session of the cookie at whatever stage, or
// answers the request (to the sign-in page, or the 500 page) and returns
// false.
func (h *Handler) reviewerSession(c *gin.Context) (*store.ReviewerSession, bool) {
	token, _ := c.Cookie(reviewerCookie)
	rs, err := h.store.FindReviewerSessionAtAnyStage(c.Request.Context(), token)
	if err == nil {
		return rs, true
	}
	if !errors.Is(err, store.ErrUnauthorized) {
		h.fail(c, err)
		return nil, false
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
	return nil, false
}

// stagePage is the page that a session at stage must go through.
func stagePage(stage string) string {
	if stage == store.StageEnrol {
		return paths.ReviewSecondFactor()
	}
	return paths.ReviewSignInCode()
}

// requireReviewAdmin lets only administrators through; it runs after
// requireReviewer.
func (h *Handler) requireReviewAdmin(c *gin.Context) {
	if !reviewer(c).IsAdmin() {
		h.fail(c, errAdminOnly)
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
	if errors.Is(err, store.ErrNotFound) {
		h.fail(c, store.ErrNotFound)
		return nil, false
	}
	if err != nil {
		h.fail(c, err)
		return nil, false
	}
	return cn, true
}

// problem adds an entry to the page's error summary, linked to the input
// with id field.
func (h *Handler) problem(v *view, field, message string) {
	v.Errors = append(v.Errors, fieldError{Field: field, Message: message})
}
