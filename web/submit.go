package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
	"github.com/vaconsult/vaconsult/web/paths"
)

// submit submits the response at the version the person checked. A
// submission that goes through costs the session's lookup and the store's
// two round trips; the page is read only to show a refusal.
func (h *Handler) submit(c *gin.Context) {
	in := form.ParseSubmission(c.Request.PostForm)
	if problems := in.Check(); len(problems) > 0 {
		rc, ok := h.loadRespondent(c)
		if !ok {
			return
		}
		p := h.newCheckPage(c, rc)
		p.Version, p.AttrError = in.Version, h.t(c, problems[0].Key)
		v := h.newView(c, "check.title", p)
		v.Errors = []fieldError{{Field: problems[0].Field, Message: p.AttrError}}
		h.render(c, http.StatusUnprocessableEntity, "check", v)
		return
	}
	_, err := h.store.SubmitResponse(c.Request.Context(), principal(c),
		store.Submission{Version: in.Version, Attribution: in.Attribution, Language: c.GetString(langKey)})
	if err == nil {
		c.Redirect(http.StatusSeeOther, paths.Confirmation())
		return
	}
	if store.KindOf(err) == store.KindInternal {
		h.serverError(c, err)
		return
	}
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	var se *store.Error
	switch {
	case errors.As(err, &se) && se.Code == "version_conflict":
		p := h.newCheckPage(c, rc)
		p.Attribution, p.Changed = in.Attribution, true
		v := h.newView(c, "check.title", p)
		v.Errors = []fieldError{{Field: "answers", Message: h.t(c, "check.error.changed")}}
		h.render(c, http.StatusConflict, "check", v)
	case errors.As(err, &se) && se.Code == "missing_answers":
		p := h.newCheckPage(c, rc)
		p.Attribution = in.Attribution
		v := h.newView(c, "check.title", p)
		v.Errors = h.missingErrors(c, rc, se.Fields)
		h.render(c, http.StatusUnprocessableEntity, "check", v)
	default:
		h.closedOrFailed(c, rc, err)
	}
}
