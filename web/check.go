package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/paths"
)

// checkPage is check-your-answers, with the attribution choice and the
// submit button.
type checkPage struct {
	header
	Questions     []questionView
	Version       int
	Attribution   domain.Attribution
	Attributions  []domain.Attribution
	AttrError     string
	Changed       bool   // the answers changed since the page was shown
	Withdrawable  bool   // the respondent may still withdraw the response
	WithdrawError string // the box saying they mean it was left unticked
}

func (h *Handler) check(c *gin.Context) {
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	if rc.Status == store.StatusClosed {
		h.renderClosed(c, rc, http.StatusOK)
		return
	}
	h.render(c, http.StatusOK, "check", h.newView(c, "check.title", h.newCheckPage(c, rc)))
}

func (h *Handler) newCheckPage(c *gin.Context, rc *respondentCtx) *checkPage {
	return &checkPage{header: h.header(c, rc), Questions: h.questionViews(c, rc), Version: rc.Response.Version,
		Attribution: rc.Response.Attribution, Withdrawable: rc.Status != store.StatusClosed,
		Attributions: domain.Attributions}
}

// missingErrors turns a store's missing answers into error summary entries
// that link to each question on the form.
func (h *Handler) missingErrors(c *gin.Context, rc *respondentCtx, fields map[string]string) []fieldError {
	var out []fieldError
	for _, q := range rc.Set.Questions {
		if _, ok := fields[strconv.FormatInt(q.ID, 10)]; ok {
			out = append(out, fieldError{Field: paths.Respond() + "#q-" + strconv.FormatInt(q.ID, 10),
				Message: h.t(c, "check.error.missing", q.Number)})
		}
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
