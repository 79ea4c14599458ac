package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

// consultationItem is a consultation as the home page lists it.
type consultationItem struct {
	C      *store.Consultation
	Status string
	Closes string
}

type homePage struct {
	Open   []consultationItem
	Closed []consultationItem
}

func (h *Handler) home(c *gin.Context) {
	cs, err := h.store.FindListedConsultations(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	var p homePage
	for _, cn := range cs {
		item := consultationItem{C: cn, Status: cn.StatusAt(h.now())}
		if cn.ClosesAt != nil {
			item.Closes = h.formatTime(c, *cn.ClosesAt, cn.Location())
		}
		if item.Status == store.StatusClosed {
			p.Closed = append(p.Closed, item)
		} else {
			p.Open = append(p.Open, item)
		}
	}
	v := h.newView(c, "home.title", &p)
	if c.Query("signedout") != "" {
		v.Notice = h.t(c, "home.signed_out")
	}
	if c.Query("withdrawal") != "" {
		v.Notice = h.t(c, "withdraw.done")
	}
	h.render(c, http.StatusOK, "home", v)
}
