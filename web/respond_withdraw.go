package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/web/paths"
)

// withdraw withdraws the response at the respondent's request, once they
// have ticked the box that says they mean it: its answers leave every
// count and export, and every link of the respondent stops working, so the
// session ends here too.
func (h *Handler) withdraw(c *gin.Context) {
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	if c.PostForm("confirm") != "yes" {
		p := h.newCheckPage(c, rc)
		p.WithdrawError = h.t(c, "withdraw.error.confirm")
		v := h.newView(c, "check.title", p)
		v.Errors = []fieldError{{Field: "withdraw-confirm", Message: p.WithdrawError}}
		h.render(c, http.StatusUnprocessableEntity, "check", v)
		return
	}
	if err := h.store.WithdrawResponse(c.Request.Context(), rc.P); err != nil {
		h.refused(c, rc, err)
		return
	}
	h.setCookie(c, sessionCookie, "", -1)
	forgetForm(c)
	c.Redirect(http.StatusSeeOther, paths.Home()+"?withdrawal=done")
}
