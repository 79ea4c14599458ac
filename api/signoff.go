package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

type approvalRequestOut struct {
	RequestedBy string    `json:"requested_by"`
	RequestedAt time.Time `json:"requested_at"`
	Approvers   []string  `json:"approvers"`
	Repeated    bool      `json:"repeated"`
}

// requestApproval sends the response for approval: 202 when the
// approvers are told, 200 when a request was pending already (its time
// moves on, nobody is written to again). It authenticates the token inside
// the request's lock, as submit does.
func (h *Handler) requestApproval(c *gin.Context) {
	token, ok := h.accessToken(c)
	if !ok {
		return
	}
	req, err := h.store.RequestApproval(c.Request.Context(), store.Saver{AccessToken: token})
	if err != nil {
		h.writeError(c, err)
		return
	}
	status := http.StatusAccepted
	if req.Repeated {
		status = http.StatusOK
	}
	c.JSON(status, approvalRequestOut{RequestedBy: req.RequestedBy, RequestedAt: req.RequestedAt,
		Approvers: req.Approvers, Repeated: req.Repeated})
}
