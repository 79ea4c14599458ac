package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

type lostLinkIn struct {
	Email string `json:"email"`
}

// lostLinkAccepted is the one answer to every well-formed request: it
// tells nobody whether the address takes part.
var lostLinkAccepted = gin.H{
	"status":  "accepted",
	"message": "If this address belongs to someone taking part in this consultation, a new access link is on its way to it, and the old one stops working.",
}

// lostLink emails a new access link to a contributor who lost theirs. The
// answer, 202, and the work done before it are the same whether or not
// the address is known; the lookup happens later, in the mail queue.
func (h *Handler) lostLink(c *gin.Context) {
	var in lostLinkIn
	if err := bindJSON(c, &in); err != nil {
		h.writeError(c, err)
		return
	}
	err := h.store.RequestLostLink(c.Request.Context(), store.LostLinkRequest{Consultation: c.Param("slug"),
		Email: in.Email, Language: language(c), From: c.ClientIP()})
	if err != nil {
		h.writeError(c, err)
		return
	}
	c.JSON(http.StatusAccepted, lostLinkAccepted)
}
