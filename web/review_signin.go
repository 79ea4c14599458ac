package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
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

// reviewSignIn checks the email and password and starts a session, which
// then asks for the second factor, or for its enrolment, when the account
// needs one. A wrong password, or one too soon after failures, shows the
// form again with what is wrong.
func (h *Handler) reviewSignIn(c *gin.Context) {
	email := strings.TrimSpace(c.PostForm("email"))
	password := c.PostForm("password")
	p := &signInPage{Email: email, Next: safeNext(c.PostForm("next")), FieldErrs: map[string]string{}}
	v := h.reviewView(c, "review.signin.title", p)
	fail := func(status int, field, msg string) {
		p.FieldErrs[field] = msg
		h.problem(v, field, msg)
		if status != 0 {
			h.render(c, status, "review_signin", v)
		}
	}
	if email == "" {
		fail(0, "email", h.t(c, "review.signin.error.email"))
	}
	if password == "" {
		fail(0, "password", h.t(c, "review.signin.error.password"))
	}
	if len(v.Errors) > 0 {
		h.render(c, http.StatusUnprocessableEntity, "review_signin", v)
		return
	}
	r, token, err := h.store.SignIn(c.Request.Context(), email, password, c.ClientIP())
	switch {
	case errors.Is(err, store.ErrUnauthorized):
		fail(http.StatusUnauthorized, "email", h.t(c, "review.signin.error.wrong"))
		return
	case errors.Is(err, store.ErrRateLimited):
		wait := retryAfter(err)
		c.Header("Retry-After", strconv.Itoa(wait))
		fail(http.StatusTooManyRequests, "email", h.waitMessage(c, wait))
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	h.setReviewerCookie(c, token, int(store.ReviewerSessionTTL.Seconds()))
	c.Redirect(http.StatusSeeOther, h.afterPassword(c, r, token, p.Next))
}

// afterPassword is where a session goes once its password was right.
func (h *Handler) afterPassword(c *gin.Context, r *store.Reviewer, token, next string) string {
	rs, err := h.store.FindReviewerSessionAtAnyStage(c.Request.Context(), token)
	if err != nil {
		return next // requireReviewer sorts it out on the next page
	}
	switch rs.Stage {
	case store.StageSecondFactor:
		return paths.ReviewSignInCode() + "?next=" + url.QueryEscape(next)
	case store.StageEnrol:
		return paths.ReviewSecondFactor()
	}
	return next
}

// retryAfter is the number of seconds a rate_limited error asks to wait.
func retryAfter(err error) int {
	if e := (*store.Error)(nil); errors.As(err, &e) {
		if n, ok := e.Data["retry_after"].(int); ok {
			return n
		}
	}
	return 60
}

// waitMessage says how long to wait before the next attempt, in seconds
// under two minutes and in minutes beyond.
func (h *Handler) waitMessage(c *gin.Context, secs int) string {
	if secs < 120 {
		return h.t(c, "review.signin.error.wait_seconds", secs)
	}
	return h.t(c, "review.signin.error.wait_minutes", (secs+59)/60)
}

// reviewSignOut revokes the session, whichever it was, and forgets it.
func (h *Handler) reviewSignOut(c *gin.Context) {
	if token, err := c.Cookie(reviewerCookie); err == nil {
		if err := h.store.SignOut(c.Request.Context(), token); err != nil {
			h.fail(c, err)
			return
		}
	}
	h.setReviewerCookie(c, "", -1)
	c.Redirect(http.StatusSeeOther, paths.ReviewSignIn()+"?signedout=1")
}
