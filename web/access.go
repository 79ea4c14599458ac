package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// switchPage asks, before an access link replaces the browser's session,
// whether the person means to stop answering for the one and answer for
// the other.
type switchPage struct {
	Current, Link party
	Token         string
}

// party is a contributor and the respondent they answer for.
type party struct {
	Respondent  string
	Contributor string
}

// access opens an access link: it starts a session for the link's
// contributor and sends the browser on, so that the token leaves the
// address bar and the history. When the browser already answers for
// someone else, it asks first: a stranger could otherwise send a link of
// their own as "your link" and read what the person then types.
func (h *Handler) access(c *gin.Context) {
	link, ok := h.linkPrincipal(c)
	if !ok {
		return
	}
	current, err := h.currentPrincipal(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	if current == nil || current.ContributorID == link.ContributorID {
		h.openSession(c, link)
		return
	}
	p := &switchPage{Token: c.Param("token")}
	if p.Current, err = h.party(c, current); err == nil {
		p.Link, err = h.party(c, link)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, http.StatusOK, "switch", h.newView(c, "switch.title", p))
}

// accessSwitch replaces the session with the link's, once the person has
// confirmed it on the question access asked.
func (h *Handler) accessSwitch(c *gin.Context) {
	if link, ok := h.linkPrincipal(c); ok {
		h.openSession(c, link)
	}
}

// linkPrincipal returns the contributor of the path's access link, or
// renders the bad-link page and returns false.
func (h *Handler) linkPrincipal(c *gin.Context) (*store.Principal, bool) {
	p, err := h.store.Authenticate(c.Request.Context(), c.Param("token"))
	if errors.Is(err, store.ErrUnauthorized) {
		h.fail(c, errBadLink)
		return nil, false
	}
	if err != nil {
		h.fail(c, err)
		return nil, false
	}
	return p, true
}

// currentPrincipal returns the contributor of the browser's live session,
// or nil when there is none.
func (h *Handler) currentPrincipal(c *gin.Context) (*store.Principal, error) {
	token, err := c.Cookie(sessionCookie)
	if err != nil || token == "" {
		return nil, nil
	}
	p, err := h.store.SessionPrincipal(c.Request.Context(), token)
	if errors.Is(err, store.ErrUnauthorized) {
		return nil, nil
	}
	return p, err
}

func (h *Handler) party(c *gin.Context, p *store.Principal) (party, error) {
	r, err := h.store.FindRespondent(c.Request.Context(), p)
	if err != nil {
		return party{}, err
	}
	return party{Respondent: r.Name, Contributor: p.ContributorName}, nil
}

// openSession starts a session for p, ends the one it replaces, and sends
// the browser to the form.
func (h *Handler) openSession(c *gin.Context, p *store.Principal) {
	ctx := c.Request.Context()
	session, err := h.store.CreateSession(ctx, p.ContributorID)
	if err == nil {
		old, _ := c.Cookie(sessionCookie)
		err = h.store.EndSession(ctx, old)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	h.setCookie(c, sessionCookie, session, int(store.SessionLifetime.Seconds()))
	c.Redirect(http.StatusSeeOther, paths.Respond())
}

// signOut ends the session. The access link keeps working.
func (h *Handler) signOut(c *gin.Context) {
	token, _ := c.Cookie(sessionCookie)
	if err := h.store.EndSession(c.Request.Context(), token); err != nil {
		h.fail(c, err)
		return
	}
	h.setCookie(c, sessionCookie, "", -1)
	forgetForm(c)
	c.Redirect(http.StatusSeeOther, paths.Home()+"?signedout=1")
}
