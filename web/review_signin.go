package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

type signInPage struct {
	Email     string
	Next      string
	FieldErrs map[string]string
}

// reviewSignInForm shows the sign-in form, or sends a signed-in reviewer
// on.
func (h *Handler) reviewSignInForm(c *gin.Context) {
	next := safeNext(c.Query("next"))
	if token, err := c.Cookie(reviewerCookie); err == nil {
		if _, err := h.store.FindReviewerSession(c.Request.Context(), token); err == nil {
			c.Redirect(http.StatusSeeOther, next)
			return
		}
	}
	v := h.reviewView(c, "review.signin.title", &signInPage{Next: next})
	if c.Query("signedout") != "" {
		v.Notice = h.t(c, "review.signin.signed_out")
	}
	h.render(c, http.StatusOK, "review_signin", v)
}

// reviewSignIn checks the email and password and starts a session. A wrong
// one, or too many, shows the form again with what is wrong.
func (h *Handler) reviewSignIn(c *gin.Context) {
	email := strings.TrimSpace(c.PostForm("email"))
	password := c.PostForm("password")
	p := &signInPage{Email: email, Next: safeNext(c.PostForm("next")), FieldErrs: map[string]string{}}
	v := h.reviewView(c, "review.signin.title", p)
	fail := func(status int, field, key string) {
		p.FieldErrs[field] = h.t(c, key)
		h.problem(v, field, p.FieldErrs[field])
		if status != 0 {
			h.render(c, status, "review_signin", v)
		}
	}
	if email == "" {
		fail(0, "email", "review.signin.error.email")
	}
	if password == "" {
		fail(0, "password", "review.signin.error.password")
	}
	if len(v.Errors) > 0 {
		h.render(c, http.StatusUnprocessableEntity, "review_signin", v)
		return
	}
	_, token, err := h.store.SignIn(c.Request.Context(), email, password, c.ClientIP())
	switch store.KindOf(err) {
	case store.KindUnauthorized:
		fail(http.StatusUnauthorized, "email", "review.signin.error.wrong")
		return
	case store.KindRateLimited:
		fail(http.StatusTooManyRequests, "email", "review.signin.error.too_many")
		return
	}
	if err != nil {
		h.serverError(c, err)
		return
	}
	h.setReviewerCookie(c, token, int(store.ReviewerSessionTTL.Seconds()))
	c.Redirect(http.StatusSeeOther, p.Next)
}

// reviewSignOut revokes the session, whichever it was, and forgets it.
func (h *Handler) reviewSignOut(c *gin.Context) {
	if token, err := c.Cookie(reviewerCookie); err == nil {
		if err := h.store.SignOut(c.Request.Context(), token); err != nil {
			h.serverError(c, err)
			return
		}
	}
	h.setReviewerCookie(c, "", -1)
	c.Redirect(http.StatusSeeOther, paths.ReviewSignIn()+"?signedout=1")
}
