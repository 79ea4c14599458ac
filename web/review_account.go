package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// accountPage is a reviewer's own account: the second factor, the browsers
// signed in, and the form to change the password.
type accountPage struct {
	reviewBase
	SecondFactor bool
	Sessions     []sessionView
	FieldErrs    map[string]string
}

// sessionView is one signed-in browser, as its owner sees it.
type sessionView struct {
	ID      int64
	Started string
	Expires string
	Address string
	Current bool
}

// reviewAccount shows the reviewer's account.
func (h *Handler) reviewAccount(c *gin.Context) {
	p := &accountPage{}
	v := h.reviewView(c, "review.account.title", p)
	switch {
	case c.Query("password") != "":
		v.Notice = h.t(c, "review.account.password_changed")
	case c.Query("ended") != "":
		v.Notice = h.t(c, "review.account.session_ended")
	}
	h.renderAccount(c, http.StatusOK, v, p)
}

// reviewChangePassword changes the password and ends the other sessions.
func (h *Handler) reviewChangePassword(c *gin.Context) {
	me := reviewer(c)
	token, _ := c.Cookie(reviewerCookie)
	next := c.PostForm("password")
	p := &accountPage{FieldErrs: map[string]string{}}
	v := h.reviewView(c, "review.account.title", p)
	if next != c.PostForm("confirm") {
		p.FieldErrs["confirm"] = h.t(c, "review.account.error.confirm")
	}
	err := h.store.ChangePassword(c.Request.Context(), me, token, c.PostForm("current"), next)
	if se := (*store.Error)(nil); errors.As(err, &se) && se.Kind == store.KindValidation {
		if _, bad := se.Fields["current"]; bad {
			p.FieldErrs["current"] = h.t(c, "review.account.error.current")
		}
		if _, bad := se.Fields["password"]; bad {
			p.FieldErrs["password"] = h.t(c, "review.account.error.password", store.MinPasswordLength)
		}
	} else if err != nil {
		h.fail(c, err)
		return
	} else if len(p.FieldErrs) == 0 {
		c.Redirect(http.StatusSeeOther, paths.ReviewAccount()+"?password=1")
		return
	}
	for _, f := range []string{"current", "password", "confirm"} {
		if msg, ok := p.FieldErrs[f]; ok {
			h.problem(v, f, msg)
		}
	}
	h.renderAccount(c, http.StatusUnprocessableEntity, v, p)
}

// reviewEndSession ends one of the reviewer's own sessions; ending the
// current one signs out.
func (h *Handler) reviewEndSession(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		h.fail(c, store.ErrNotFound)
		return
	}
	err = h.store.RevokeReviewerSession(c.Request.Context(), reviewer(c), id)
	if errors.Is(err, store.ErrNotFound) {
		h.fail(c, store.ErrNotFound)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, paths.ReviewAccount()+"?ended=1")
}

func (h *Handler) renderAccount(c *gin.Context, status int, v *view, p *accountPage) {
	ctx := c.Request.Context()
	me := reviewer(c)
	p.reviewBase = reviewBase{Me: me}
	token, _ := c.Cookie(reviewerCookie)
	sessions, err := h.store.FindReviewerSessions(ctx, me, token)
	if err == nil {
		p.SecondFactor, err = h.store.HasSecondFactor(ctx, me)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	for _, s := range sessions {
		p.Sessions = append(p.Sessions, sessionView{ID: s.ID, Address: s.Address, Current: s.Current,
			Started: h.formatTime(c, s.CreatedAt, time.UTC), Expires: h.formatTime(c, s.ExpiresAt, time.UTC)})
	}
	h.render(c, status, "review_account", v)
}
