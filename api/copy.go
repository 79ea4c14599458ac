package api

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// receiptPattern is the form of every receipt handed out: anything else
// is no receipt of this response, answered without asking the database.
var receiptPattern = regexp.MustCompile(`^VA(-[0-9A-Z]{4}){3}$`)

type submissionOut struct {
	Receipt     string             `json:"receipt"`
	Version     int                `json:"version"`
	Attribution domain.Attribution `json:"attribution"`
	SubmittedAt time.Time          `json:"submitted_at"`
	SubmittedBy string             `json:"submitted_by"`
}

// listSubmissions answers the history of the respondent's response, newest
// first.
func (h *Handler) listSubmissions(c *gin.Context) {
	entries, err := h.store.FindSubmissions(c.Request.Context(), principal(c))
	if err != nil {
		h.writeError(c, err)
		return
	}
	out := make([]submissionOut, 0, len(entries))
	for _, e := range entries {
		out = append(out, submissionOut{Receipt: e.Receipt, Version: e.Version, Attribution: e.Attribution,
			SubmittedAt: e.SubmittedAt, SubmittedBy: e.Contributor})
	}
	c.JSON(http.StatusOK, gin.H{"submissions": out})
}

// responseCopy answers the copy of the last submission, or of the one with
// ?receipt=, as a page, a PDF or a Word document, in ?in= (else the
// response's language).
func (h *Handler) responseCopy(c *gin.Context) {
	format := c.DefaultQuery("format", export.CopyHTML)
	if !export.IsCopyFormat(format) {
		h.writeError(c, invalid("invalid_format", "format must be html, pdf or docx."))
		return
	}
	in := c.Query("in")
	if in != "" && !lang.IsSupported(in) {
		h.writeError(c, invalid("invalid_language", "in must be one of en, fr, es, ar, ru, zh."))
		return
	}
	if format == export.CopyPDF && !h.pdf.Available() {
		h.writeError(c, store.Errorf(store.KindUnavailable, "pdf_unavailable",
			"This server cannot make PDF files: ask for format=html and print it, or format=docx."))
		return
	}
	receipt := c.Query("receipt")
	if receipt != "" && !receiptPattern.MatchString(receipt) {
		h.writeError(c, store.Errorf(store.KindNotFound, "no_such_receipt", "No submission of this response has that receipt."))
		return
	}
	cp, err := h.store.FindSubmissionCopy(c.Request.Context(), principal(c), receipt)
	if err != nil {
		h.writeError(c, err)
		return
	}
	if in == "" {
		in = cp.Language
	}
	var printer export.Printer
	if h.pdf.Available() {
		printer = h.pdf
	}
	f, err := export.RenderSubmission(c.Request.Context(), cp, in, format, nil, printer)
	if err != nil {
		h.writeError(c, copyError(err))
		return
	}
	disposition := "attachment"
	if format == export.CopyHTML {
		disposition = "inline"
		c.Header("Content-Security-Policy", export.CopyCSP)
	}
	c.Header("Content-Disposition", fmt.Sprintf(`%s; filename="%s"`, disposition, f.Filename))
	c.Data(http.StatusOK, f.ContentType, f.Body)
}

// copyError says a printer that failed or took too long is unavailable
// for now, rather than an internal error: printing again may succeed.
func copyError(err error) error {
	var e *store.Error
	if errors.As(err, &e) {
		return err
	}
	return store.Errorf(store.KindUnavailable, "pdf_unavailable", "The PDF could not be made just now: try again, or ask for format=html or docx.")
}
