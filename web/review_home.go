package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type reviewHomePage struct {
	reviewBase
	Items []consultationItem
}

// reviewHome lists the consultations, each leading to its dashboard.
func (h *Handler) reviewHome(c *gin.Context) {
	cs, err := h.store.FindConsultations(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &reviewHomePage{reviewBase: reviewBase{Me: reviewer(c)}}
	for _, cn := range cs {
		item := consultationItem{C: cn, Status: cn.StatusAt(h.now())}
		if cn.ClosesAt != nil {
			item.Closes = h.formatTime(c, *cn.ClosesAt, cn.Location())
		}
		p.Items = append(p.Items, item)
	}
	h.render(c, http.StatusOK, "review_home", h.reviewView(c, "review.home.title", p))
}
