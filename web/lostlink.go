package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// lostLinkPage is the form that emails a new access link. Its answer is
// the same whether or not the address is known: it tells nobody who takes
// part.
type lostLinkPage struct {
	C     *store.Consultation
	Email string
	Error string
	Sent  bool
	Mail  bool // messages are sent by email here
}

func (h *Handler) lostLinkForm(c *gin.Context) {
	cn, ok := h.findConsultation(c)
	if !ok {
		return
	}
	h.renderLostLink(c, http.StatusOK, &lostLinkPage{C: cn, Sent: c.Query("sent") != ""})
}

// lostLink records the request and sends the browser to the same answer,
// known address or not; the work that differs happens later, in the queue.
func (h *Handler) lostLink(c *gin.Context) {
	cn, ok := h.findConsultation(c)
	if !ok {
		return
	}
	p := &lostLinkPage{C: cn, Email: strings.TrimSpace(c.PostForm("email"))}
	err := h.store.RequestLostLink(c.Request.Context(), store.LostLinkRequest{Consultation: cn.Slug, Email: p.Email,
		Language: c.GetString(langKey), From: c.ClientIP()})
	switch {
	case errors.Is(err, store.ErrValidation):
		p.Error = h.t(c, "lostlink.error.email")
		h.renderLostLink(c, http.StatusUnprocessableEntity, p)
		return
	case errors.Is(err, store.ErrRateLimited):
		p.Error = h.t(c, "lostlink.error.too_many")
		h.renderLostLink(c, http.StatusTooManyRequests, p)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, paths.LostLink(cn.Slug)+"?sent=1")
}

func (h *Handler) renderLostLink(c *gin.Context, status int, p *lostLinkPage) {
	p.Mail = h.mail
	v := h.newView(c, "lostlink.title", p)
	if p.Error != "" {
		h.problem(v, "email", p.Error)
	}
	h.render(c, status, "lostlink", v)
}
