package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/problem"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// signOffView is what the form's pages say of the response's sign-off: to
// a drafter, that an approver submits and how to send for approval; to an
// approver, who asked for approval and when.
type signOffView struct {
	Required    bool   // the contributor must leave the submission to an approver
	Approver    bool   // the contributor is an approver
	Pending     bool   // someone asked for approval since the last submission
	Approvers   string // the approvers' names, joined
	RequestedBy string
	RequestedAt string
	ApprovedBy  string // the approver who made the last submission, if one did
}

func (h *Handler) signOffView(c *gin.Context, rc *respondentCtx) signOffView {
	so := rc.Response.SignOff
	v := signOffView{Required: so.Required(), Approver: so.Approver, Pending: so.Pending(),
		Approvers: strings.Join(so.Approvers, h.t(c, "signoff.separator")), RequestedBy: so.RequestedBy, ApprovedBy: so.ApprovedBy}
	if so.RequestedAt != nil {
		v.RequestedAt = h.formatTime(c, *so.RequestedAt, rc.Consultation.Location())
	}
	return v
}

// requestApproval sends the response for approval, then shows the check
// page, which says who asked and when.
func (h *Handler) requestApproval(c *gin.Context) {
	_, err := h.store.RequestApproval(c.Request.Context(), store.Saver{Principal: principal(c)})
	if err == nil {
		c.Redirect(http.StatusSeeOther, paths.Check())
		return
	}
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	var e *store.Error
	if errors.As(err, &e) && e.Code == "no_approver" {
		view := h.newView(c, "check.title", h.newCheckPage(c, rc))
		view.Errors = []fieldError{{Field: "attribution-named", Message: h.t(c, "signoff.error.no_approver")}}
		h.render(c, problem.Of(err, h.translator(c)).Status, "check", view)
		return
	}
	h.refused(c, rc, err)
}

// approvalRequired shows the check page again to a drafter whose
// submission was refused, saying that an approver submits.
func (h *Handler) approvalRequired(c *gin.Context, rc *respondentCtx, err error) bool {
	var e *store.Error
	if !errors.As(err, &e) || e.Code != "approval_required" {
		return false
	}
	p := h.newCheckPage(c, rc)
	view := h.newView(c, "check.title", p)
	view.Errors = []fieldError{{Field: "signoff-send", Message: h.t(c, "signoff.error.required", p.SignOff.Approvers)}}
	h.render(c, http.StatusForbidden, "check", view)
	return true
}
