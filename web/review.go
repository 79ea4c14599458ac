package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

// The reviewers' pages live under /review, with a session cookie of their
// own that no other path ever receives.
const (
	reviewerKey    = "web.reviewer"
	reviewerCookie = "vaconsult_reviewer"
	reviewPath     = "/review"
	reviewSignIn   = "/review/signin"
)

// registerReview adds the reviewers' pages to the page group, grouped by
// who may see them. Without a reviewer's session every page but the
// sign-in sends the browser to it (303); a co-chair who asks for an
// admin-only page gets 403.
func (h *Handler) registerReview(pages *gin.RouterGroup) {
	rv := pages.Group(reviewPath)
	// Anyone.
	rv.GET("/signin", h.reviewSignInForm)
	rv.POST("/signin", h.reviewSignIn)
	rv.POST("/signout", h.reviewSignOut)

	// Co-Chairs and administrators.
	co := rv.Group("", h.requireReviewer)
	co.GET("", h.reviewHome)
	co.GET("/c/:slug", h.reviewDashboard)
	co.GET("/c/:slug/q/:number", h.reviewQuestion)
	co.POST("/c/:slug/q/:number/themes", h.reviewCreateTheme)
	co.POST("/c/:slug/q/:number/themes/:theme/delete", h.reviewDeleteTheme)
	co.POST("/c/:slug/q/:number/themes/:theme/rename", h.reviewRenameTheme)
	co.POST("/c/:slug/q/:number/tag", h.reviewTag)
	co.POST("/c/:slug/q/:number/untag", h.reviewUntag)
	co.POST("/c/:slug/q/:number/keypoints", h.reviewKeyPoints)
	co.GET("/c/:slug/country/:cc", h.reviewCountry)
	co.GET("/c/:slug/export", h.reviewExport)

	// Administrators only.
	admin := co.Group("", h.requireReviewAdmin)
	admin.POST("/c/:slug/respondents/:id/verify", h.reviewVerify)
	admin.GET("/reviewers", h.reviewReviewers)
	admin.POST("/reviewers", h.reviewAddReviewer)
}

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
		target := reviewSignIn
		if c.Request.Method == http.MethodGet && c.Request.URL.Path != reviewPath {
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
	for _, path := range []string{reviewPath, adminPath} {
		http.SetCookie(c.Writer, &http.Cookie{Name: reviewerCookie, Value: value, Path: path, MaxAge: maxAge,
			HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	}
}

// safeNext returns where to go after signing in: a reviewer's or an
// administrator's page of this site, never another site.
func safeNext(next string) string {
	if !(strings.HasPrefix(next, reviewPath+"/") || strings.HasPrefix(next, adminPath+"/")) || strings.HasPrefix(next, reviewSignIn) ||
		strings.ContainsAny(next, "\\\r\n") {
		return reviewPath
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
