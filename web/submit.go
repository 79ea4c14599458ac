package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/problem"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
	"github.com/vaconsult/vaconsult/web/paths"
)

// submit submits the response at the version the person checked. A
// submission that goes through costs the session's lookup and the store's
// two round trips; the page is read only to show a refusal, which lists
// every reason at once and keeps the attribution chosen.
func (h *Handler) submit(c *gin.Context) {
	in := form.ParseSubmission(c.Request.PostForm)
	_, err := h.store.SubmitResponse(c.Request.Context(), principal(c),
		store.Submission{Version: in.Version, Attribution: in.Attribution, Language: c.GetString(langKey)})
	if err == nil {
		h.setCookie(c, attributionCookie, "", -1)
		c.Redirect(http.StatusSeeOther, paths.Confirmation())
		return
	}
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	if h.approvalRequired(c, rc, err) {
		return
	}
	var v *store.ValidationError
	switch {
	case errors.Is(err, store.ErrVersionConflict):
		h.keepAttribution(c, rc, in.Attribution)
		p := h.newCheckPage(c, rc)
		p.Attribution, p.Changed = in.Attribution, true
		view := h.newView(c, "check.title", p)
		view.Errors = []fieldError{{Field: "answers", Message: h.t(c, "check.error.changed")}}
		h.render(c, problem.Of(err, h.translator(c)).Status, "check", view)
	case errors.As(err, &v):
		h.keepAttribution(c, rc, in.Attribution)
		p := h.newCheckPage(c, rc)
		p.Attribution = in.Attribution
		view := h.newView(c, "check.title", p)
		view.Errors = h.checkErrors(c, p, v.Problems)
		h.render(c, problem.Of(err, h.translator(c)).Status, "check", view)
	default:
		h.refused(c, rc, err)
	}
}
