package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/document"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// maxAttachmentForm caps the body of the form that uploads a document:
// the largest document and room for the form around it, so that a file
// just over the limit still reaches the handler, which says so beside the
// field. A body larger still is refused before it is read.
const maxAttachmentForm = document.MaxSize + 1<<20

// attachmentsView is what the form and check-your-answers pages show of
// a response's documents.
type attachmentsView struct {
	AttachmentsAllowed bool
	Attachments        []store.Attachment
	AttachmentError    string
	MaxAttachments     int
	MaxAttachmentMB    int
}

// Full reports whether the response holds as many documents as it may.
func (a attachmentsView) Full() bool { return len(a.Attachments) >= a.MaxAttachments }

// KB is a document's size in kilobytes, rounded up.
func (a attachmentsView) KB(size int64) int64 { return (size + 1023) / 1024 }

func newAttachmentsView(rc *respondentCtx) attachmentsView {
	return attachmentsView{AttachmentsAllowed: rc.Consultation.Attachments, Attachments: rc.Response.Attachments,
		MaxAttachments: store.MaxAttachments, MaxAttachmentMB: document.MaxSize >> 20}
}

// attachmentForms lets the upload form's body be as large as a document,
// set before the CSRF check reads it.
func (h *Handler) attachmentForms(c *gin.Context) {
	if c.Request.ContentLength > maxAttachmentForm {
		h.fail(c, errTooLarge)
		return
	}
	c.Set(formLimitKey, int64(maxAttachmentForm))
}

// uploadAttachment attaches the chosen document, or shows the form again
// with what is wrong in the error summary and beside the field.
func (h *Handler) uploadAttachment(c *gin.Context) {
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	name, content, key := readAttachmentField(c)
	if key == "" {
		_, err := h.store.AddAttachment(c.Request.Context(), rc.P, name, content)
		if key = attachmentErrorKey(err); key == "" && err != nil {
			h.fail(c, err)
			return
		}
	}
	if key != "" {
		h.renderAttachmentError(c, rc, key)
		return
	}
	c.Redirect(http.StatusSeeOther, paths.Respond()+"?attached=1#attachments")
}

// readAttachmentField reads the file of the form's field "file", or
// returns the message key of what is wrong with it.
func readAttachmentField(c *gin.Context) (string, []byte, string) {
	fh, err := c.FormFile("file")
	if err != nil || fh.Size == 0 {
		return "", nil, "attachments.error.missing"
	}
	if fh.Size > document.MaxSize {
		return "", nil, "attachments.error.too_large"
	}
	f, err := fh.Open()
	if err != nil {
		return "", nil, "attachments.error.missing"
	}
	defer f.Close()
	content, err := io.ReadAll(io.LimitReader(f, document.MaxSize+1))
	if err != nil {
		return "", nil, "attachments.error.missing"
	}
	return fh.Filename, content, ""
}

// attachmentErrorKey returns the message key of a refusal the person can
// act on, or "" for none (or another error).
func attachmentErrorKey(err error) string {
	switch {
	case errors.Is(err, store.ErrAttachmentType):
		return "attachments.error.type"
	case errors.Is(err, store.ErrAttachmentTooLarge):
		return "attachments.error.too_large"
	case errors.Is(err, store.ErrTooManyAttachments):
		return "attachments.error.too_many"
	case errors.Is(err, store.ErrAttachmentsNotAllowed):
		return "attachments.error.not_allowed"
	}
	return ""
}

func (h *Handler) renderAttachmentError(c *gin.Context, rc *respondentCtx, key string) {
	status := http.StatusUnprocessableEntity
	var msg string
	switch key {
	case "attachments.error.too_large":
		status, msg = http.StatusRequestEntityTooLarge, h.t(c, key, document.MaxSize>>20)
	case "attachments.error.too_many":
		status, msg = http.StatusConflict, h.t(c, key, store.MaxAttachments)
	default:
		msg = h.t(c, key)
	}
	p := h.newFormPage(c, rc)
	p.AttachmentError = msg
	v := h.newView(c, "form.title", p)
	v.Errors = append(v.Errors, fieldError{Field: "file", Message: msg})
	h.render(c, status, "respond", v)
}

// removeAttachmentForm removes one of the response's documents.
func (h *Handler) removeAttachmentForm(c *gin.Context) {
	id, ok := h.attachmentParam(c)
	if !ok {
		return
	}
	if err := h.store.RemoveAttachment(c.Request.Context(), principal(c), id); err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, paths.Respond()+"?removed=1#attachments")
}

// downloadAttachmentPage sends one of the response's documents as a file
// to save.
func (h *Handler) downloadAttachmentPage(c *gin.Context) {
	id, ok := h.attachmentParam(c)
	if !ok {
		return
	}
	f, err := h.store.FindAttachmentFile(c.Request.Context(), principal(c), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	serveAttachment(c, f)
}

// serveAttachment writes a document with the headers that keep it a file
// to save.
func serveAttachment(c *gin.Context, f *store.AttachmentFile) {
	document.SetDownloadHeaders(c.Writer.Header(), f.Name, f.Type, len(f.Content))
	c.Status(http.StatusOK)
	c.Writer.Write(f.Content) //nolint:errcheck // the browser went away
}

// attachmentParam reads the :id of the path; anything but a positive
// number is no document.
func (h *Handler) attachmentParam(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(c, store.ErrNotFound)
		return 0, false
	}
	return id, true
}
