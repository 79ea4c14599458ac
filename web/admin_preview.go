package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/paths"
)

// adminPreview shows a question set exactly as a respondent sees it, in
// the page's language, without creating a respondent: nothing typed in it
// can be saved.
func (h *Handler) adminPreview(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	set, ok := cn.QuestionSet(domain.Audience(c.Param("audience")))
	if !ok {
		h.fail(c, store.ErrNotFound)
		return
	}
	l := c.GetString(langKey)
	rc := &respondentCtx{P: &store.Principal{}, Consultation: cn, Set: set, Response: &store.Response{}}
	hd := header{Consultation: cn, Set: set, Respondent: h.t(c, "admin.preview.respondent"), Status: store.StatusOpen}
	if cn.ClosesAt != nil {
		hd.Closes = h.formatTime(c, *cn.ClosesAt, cn.Location())
	}
	p := &formPage{header: hd, Questions: h.questionViews(c, rc), Languages: answerLanguages(set, l, l),
		Preview: paths.AdminConsultation(cn.Slug)}
	v := h.newView(c, "form.title", p)
	v.Notice = h.t(c, "admin.preview.notice")
	h.render(c, http.StatusOK, "respond", v)
}
