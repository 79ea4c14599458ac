package api

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/document"
	"github.com/vaconsult/vaconsult/store"
)

// maxAttachmentBody caps the body of an upload: the largest document and
// room for the multipart envelope around it.
const maxAttachmentBody = document.MaxSize + 64<<10

type attachmentOut struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Type        string    `json:"type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Contributor string    `json:"contributor"`
	CreatedAt   time.Time `json:"created_at"`
}

func newAttachmentOut(a store.Attachment) attachmentOut {
	return attachmentOut{ID: a.ID, Name: a.Name, Type: a.Type, Size: a.Size, SHA256: a.SHA256,
		Contributor: a.Contributor, CreatedAt: a.CreatedAt}
}

// limitAttachmentBody refuses, before reading it, an upload announced
// larger than a document may be, and stops reading one that turns out so.
func (h *Handler) limitAttachmentBody(c *gin.Context) {
	if c.Request.ContentLength > maxAttachmentBody {
		h.writeError(c, store.AttachmentTooLarge())
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxAttachmentBody)
	c.Next()
}

// addAttachment takes the document in the multipart field "file", read as
// it streams in: never more than document.MaxSize and a byte is held.
func (h *Handler) addAttachment(c *gin.Context) {
	name, content, err := readFilePart(c.Request)
	if err != nil {
		h.writeError(c, err)
		return
	}
	a, err := h.store.AddAttachment(c.Request.Context(), principal(c), name, content)
	if err != nil {
		h.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, newAttachmentOut(*a))
}

// readFilePart returns the name and content of the part named "file" of
// a multipart body.
func readFilePart(r *http.Request) (string, []byte, error) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
		return "", nil, store.Errorf(store.KindUnsupported, "unsupported_media_type",
			"Send the document as multipart/form-data, in a field named file.")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, invalid("malformed", "The multipart body cannot be read.")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, &store.Error{Kind: store.KindValidation, Code: "validation_failed",
				Message: "Send the document in a field named file.", Fields: map[string]string{"file": "required"}}
		}
		if err != nil {
			return "", nil, partError(err)
		}
		if part.FormName() != "file" {
			continue
		}
		content, err := io.ReadAll(io.LimitReader(part, document.MaxSize+1))
		if err != nil {
			return "", nil, partError(err)
		}
		if len(content) > document.MaxSize {
			return "", nil, store.AttachmentTooLarge()
		}
		return part.FileName(), content, nil
	}
}

func partError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return store.AttachmentTooLarge()
	}
	return invalid("malformed", "The multipart body cannot be read.")
}

func (h *Handler) listAttachments(c *gin.Context) {
	list, err := h.store.FindAttachments(c.Request.Context(), principal(c))
	if err != nil {
		h.writeError(c, err)
		return
	}
	out := make([]attachmentOut, 0, len(list))
	for _, a := range list {
		out = append(out, newAttachmentOut(a))
	}
	c.JSON(http.StatusOK, gin.H{"attachments": out, "max": store.MaxAttachments, "max_size": document.MaxSize})
}

// attachmentID reads the {id} of the path; anything but a positive number
// is no attachment.
func (h *Handler) attachmentID(c *gin.Context) (int64, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		h.writeError(c, store.ErrNotFound)
		return 0, false
	}
	return id, true
}

func (h *Handler) downloadAttachment(c *gin.Context) {
	id, ok := h.attachmentID(c)
	if !ok {
		return
	}
	f, err := h.store.FindAttachmentFile(c.Request.Context(), principal(c), id)
	if err != nil {
		h.writeError(c, err)
		return
	}
	document.SetDownloadHeaders(c.Writer.Header(), f.Name, f.Type, len(f.Content))
	c.Status(http.StatusOK)
	c.Writer.Write(f.Content) //nolint:errcheck // the client went away
}

func (h *Handler) removeAttachment(c *gin.Context) {
	id, ok := h.attachmentID(c)
	if !ok {
		return
	}
	if err := h.store.RemoveAttachment(c.Request.Context(), principal(c), id); err != nil {
		h.writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
