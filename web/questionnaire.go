package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// A question set to draft offline: a printable page and a Word document,
// in the page's language, for anyone who may read the consultation's
// page. Drafts are not found, as the consultation's page is not.

type questionnairePage struct {
	C   *store.Consultation
	Set *store.QuestionSet
}

func (h *Handler) questionnaire(c *gin.Context) {
	cn, set, ok := h.findQuestionSet(c)
	if !ok {
		return
	}
	v := h.newView(c, "", &questionnairePage{C: cn, Set: set})
	v.Title = set.Title.In(v.Lang) + " — " + cn.Title.In(v.Lang)
	h.render(c, http.StatusOK, "questionnaire", v)
}

func (h *Handler) questionnaireDOCX(c *gin.Context) {
	cn, set, ok := h.findQuestionSet(c)
	if !ok {
		return
	}
	l := c.GetString(langKey)
	name := cn.Slug + "-" + string(set.Audience) + "-" + l + ".docx"
	w := export.NewDownload(c.Writer, export.DOCX, name)
	if err := export.WriteQuestionnaireDOCX(w, cn, set, l); err != nil {
		if !w.Started() {
			h.fail(c, err)
			return
		}
		export.Abort(c.Writer)
		return
	}
	w.Finish()
}

// findQuestionSet returns the consultation and the question set of the
// path, or renders the 404 page.
func (h *Handler) findQuestionSet(c *gin.Context) (*store.Consultation, *store.QuestionSet, bool) {
	cn, ok := h.findConsultation(c)
	if !ok {
		return nil, nil, false
	}
	set, found := cn.QuestionSet(domain.Audience(c.Param("audience")))
	if !found {
		h.fail(c, store.ErrNotFound)
		return nil, nil, false
	}
	return cn, set, true
}
