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

type registeredPage struct {
	header
	Link        string // empty once the link has been shown
	Email       string // the address the contributor gave, if any
	MailEnabled bool   // messages are sent by email
	Emailed     bool   // the link has just been queued for Email
}

// The registration hands the new link to the page that shows it in a
// cookie for the whole site. Once shown, the link moves to a cookie sent
// only with the page's own forms (download, email), so that reloading the
// page does not show it again while those forms still work for a while,
// without the token in an address or a log.

// registered shows a newly registered contributor their access link, once,
// with the ways to keep it.
func (h *Handler) registered(c *gin.Context) {
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	p := &registeredPage{header: h.header(c, rc), MailEnabled: h.mail, Emailed: c.Query("emailed") == "1"}
	email, err := h.store.ContributorEmail(c.Request.Context(), rc.P)
	if err != nil {
		h.fail(c, err)
		return
	}
	p.Email = email
	if raw, err := c.Cookie(linkCookie); err == nil && raw != "" && !p.Emailed {
		if token, err := url.QueryUnescape(raw); err == nil {
			p.Link = h.siteURL(c) + paths.Access(token)
			h.setPathCookie(c, linkCookie, token, 600, paths.RegisteredLinkForms())
		}
		h.setCookie(c, linkCookie, "", -1)
	}
	v := h.newView(c, "registered.title", p)
	if p.Emailed && p.Email != "" {
		v.Notice = h.t(c, "registered.emailed", p.Email)
	}
	h.render(c, http.StatusOK, "registered", v)
}

// linkToken returns the just-registered link's token from the cookie the
// page's forms receive, or "" once it has expired or been emailed.
func linkToken(c *gin.Context) string {
	raw, err := c.Cookie(linkCookie)
	if err != nil {
		return ""
	}
	token, err := url.QueryUnescape(raw)
	if err != nil {
		return ""
	}
	return token
}

// registeredDownload sends the access link as a small text file. It is a
// form's POST, so the token appears in no address and no log.
func (h *Handler) registeredDownload(c *gin.Context) {
	token := linkToken(c)
	if token == "" {
		c.Redirect(http.StatusSeeOther, paths.Registered())
		return
	}
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\r\n") }
	line(rc.Consultation.Title.In(c.GetString(langKey)))
	line(rc.Respondent.Name)
	if name := unlessSame(rc.P.ContributorName, rc.Respondent.Name); name != "" {
		line(name)
	}
	line("")
	line(h.t(c, "registered.file.link"))
	line(h.siteURL(c) + paths.Access(token))
	line("")
	line(h.t(c, "registered.keep_2"))
	line(h.t(c, "registered.keep_3"))
	c.Header("Cache-Control", "no-store")
	c.Header("Content-Disposition", `attachment; filename="access-link.txt"`)
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(b.String()))
}

// registeredEmail queues the access link for the address the contributor
// gave. The email brings a new link, which replaces the one shown, so the
// page stops offering the old one.
func (h *Handler) registeredEmail(c *gin.Context) {
	if !h.mail || linkToken(c) == "" {
		c.Redirect(http.StatusSeeOther, paths.Registered())
		return
	}
	p := principal(c)
	_, err := h.store.EmailAccessLink(c.Request.Context(), p, c.GetString(langKey))
	switch {
	case err == nil:
	case errors.Is(err, store.ErrValidation):
		c.Redirect(http.StatusSeeOther, paths.Registered())
		return
	case errors.Is(err, store.ErrRateLimited):
		h.renderError(c, http.StatusTooManyRequests, "emaillimit")
		return
	default:
		h.fail(c, err)
		return
	}
	h.setPathCookie(c, linkCookie, "", -1, paths.RegisteredLinkForms())
	c.Redirect(http.StatusSeeOther, paths.Registered()+"?emailed=1")
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
