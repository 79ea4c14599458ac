package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/paths"
)

type confirmationPage struct {
	header
	Attribution domain.Attribution
	Formats     []copyFormat // of the copy of what was submitted
}

func (h *Handler) confirmation(c *gin.Context) {
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	if !rc.Submitted() {
		c.Redirect(http.StatusSeeOther, paths.Check())
		return
	}
	p := &confirmationPage{header: h.header(c, rc), Attribution: rc.Response.Attribution,
		Formats: h.copyFormats()}
	h.render(c, http.StatusOK, "confirmation", h.newView(c, "confirmation.title", p))
}
