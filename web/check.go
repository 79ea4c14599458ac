package web

import (
	"net/http"
	"strconv"
	"strings"

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
	attachmentsView
}

// attributionCookie keeps the attribution a person chose on a submission
// that was refused, for the page to show it chosen when they come back
// from correcting their answers: "<response id>:<attribution>".
const attributionCookie = "vaconsult_attribution"

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
	p := &checkPage{header: h.header(c, rc), Questions: h.questionViews(c, rc), Version: rc.Response.Version,
		Attribution: rc.Response.Attribution, Withdrawable: rc.Status != store.StatusClosed,
		Attributions: domain.Attributions, attachmentsView: newAttachmentsView(rc)}
	if a, ok := keptAttribution(c, rc); ok {
		p.Attribution = a
	}
	return p
}

// keepAttribution remembers, for a day, the attribution chosen on a
// submission that was refused.
func (h *Handler) keepAttribution(c *gin.Context, rc *respondentCtx, a domain.Attribution) {
	if a.Valid() {
		h.setCookie(c, attributionCookie, itoa(rc.P.ResponseID)+":"+string(a), 24*3600)
	}
}

// keptAttribution returns the attribution keepAttribution remembered for
// the response, if any.
func keptAttribution(c *gin.Context, rc *respondentCtx) (domain.Attribution, bool) {
	raw, err := c.Cookie(attributionCookie)
	if err != nil {
		return "", false
	}
	id, a, ok := strings.Cut(raw, ":")
	if !ok || id != itoa(rc.P.ResponseID) || !domain.Attribution(a).Valid() {
		return "", false
	}
	return domain.Attribution(a), true
}

// checkErrors returns the error summary of a refused submission, every
// problem in the page's order: the attribution, with its message beside
// the choice, and each question left unanswered, linked to its field on
// the question form, which shows the same messages (missingQuery).
func (h *Handler) checkErrors(c *gin.Context, p *checkPage, problems []store.Problem) []fieldError {
	var out []fieldError
	for _, pr := range problems {
		msg := h.t(c, pr.Key, pr.Args...)
		if pr.Question == 0 {
			if pr.Field == "attribution" {
				p.AttrError = msg
				out = append(out, fieldError{Field: "attribution-" + string(domain.Attributions[0]), Message: msg})
			}
			continue
		}
		out = append(out, fieldError{Field: paths.Respond() + "?" + missingQuery + "#" + formField(pr), Message: msg})
	}
	return out
}

// missingQuery asks the question form to show, beside each required
// question left unanswered, what it needs.
const missingQuery = "missing=1"

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
