package web

import (
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/web/paths"
)

type registeredPage struct {
	header
	Link string // empty once the link has been shown
}

// registered shows a newly registered contributor their access link, once.
func (h *Handler) registered(c *gin.Context) {
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	p := &registeredPage{header: h.header(c, rc)}
	if raw, err := c.Cookie(linkCookie); err == nil && raw != "" {
		if token, err := url.QueryUnescape(raw); err == nil {
			p.Link = h.siteURL(c) + paths.Access(token)
		}
		h.setCookie(c, linkCookie, "", -1)
	}
	h.render(c, http.StatusOK, "registered", h.newView(c, "registered.title", p))
}

// siteURL is the public address of the site.
func (h *Handler) siteURL(c *gin.Context) string {
	if h.baseURL != "" {
		return h.baseURL
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}
