package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

type consultationPage struct {
	C           *store.Consultation
	Status      string
	Opens       string
	Closes      string
	CanRegister bool
	Published   bool // its results are published
}

func (h *Handler) consultation(c *gin.Context) {
	cn, ok := h.findConsultation(c)
	if !ok {
		return
	}
	p := &consultationPage{C: cn, Status: cn.StatusAt(h.now()), Published: cn.Phase == store.PhasePublished}
	p.CanRegister = cn.SelfRegistration && p.Status != store.StatusClosed
	if cn.OpensAt != nil {
		p.Opens = h.formatTime(c, *cn.OpensAt, cn.Location())
	}
	if cn.ClosesAt != nil {
		p.Closes = h.formatTime(c, *cn.ClosesAt, cn.Location())
	}
	v := h.newView(c, "", p)
	v.Title = cn.Title.In(v.Lang)
	h.render(c, http.StatusOK, "consultation", v)
}

// findConsultation returns the consultation named in the path, or renders
// the 404 page and returns false. A draft is not found: reviewers preview
// it under /admin.
func (h *Handler) findConsultation(c *gin.Context) (*store.Consultation, bool) {
	cn, err := h.store.FindConsultationBySlug(c.Request.Context(), c.Param("slug"))
	if err == nil && cn.IsDraft() {
		err = store.ErrNotFound
	}
	if errors.Is(err, store.ErrNotFound) {
		h.NotFound(c)
		return nil, false
	}
	if err != nil {
		h.fail(c, err)
		return nil, false
	}
	return cn, true
}
