package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// access opens an access link: it starts a session for the link's
// contributor and sends the browser on, so that the token leaves the
// address bar and the history.
func (h *Handler) access(c *gin.Context) {
	_, session, err := h.store.StartSession(c.Request.Context(), c.Param("token"))
	if store.KindOf(err) == store.KindUnauthorized {
		h.renderError(c, http.StatusNotFound, "badlink")
		return
	}
	if err != nil {
		h.serverError(c, err)
		return
	}
	h.setCookie(c, sessionCookie, session, int(store.SessionLifetime.Seconds()))
	c.Redirect(http.StatusSeeOther, paths.Respond())
}

// signOut ends the session. The access link keeps working.
func (h *Handler) signOut(c *gin.Context) {
	token, _ := c.Cookie(sessionCookie)
	if err := h.store.EndSession(c.Request.Context(), token); err != nil {
		h.serverError(c, err)
		return
	}
	h.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, paths.Home()+"?signedout=1")
}
