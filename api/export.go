package api

import (
	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

func (h *Handler) getSummary(c *gin.Context) {
	h.writeError(c, store.Errorf(store.KindNotFound, "not_found", "Not yet available."))
}

func (h *Handler) export(c *gin.Context) {
	h.writeError(c, store.Errorf(store.KindNotFound, "not_found", "Not yet available."))
}
