package web

import (
	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

// reviewAttachment sends a document of one of the consultation's
// submitted responses to a Co-Chair or an administrator, as a file to
// save, never as a page.
func (h *Handler) reviewAttachment(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	id, ok := h.attachmentParam(c)
	if !ok {
		return
	}
	f, err := h.store.FindReviewAttachmentFile(c.Request.Context(), cn.ID, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	serveAttachment(c, f)
}

// reviewAttachments returns the documents of a country's submitted
// responses, for its page; none when the consultation never took any.
func (h *Handler) reviewAttachments(c *gin.Context, cn *store.Consultation, country string) ([]store.ReviewAttachment, error) {
	return h.store.FindReviewAttachments(c.Request.Context(), cn.ID, country)
}
