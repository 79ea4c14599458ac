package web

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// The respondent's submissions and the copy of each: what was submitted,
// as a printable page, a PDF and a Word document.

// receiptPattern is the form of every receipt handed out; anything else is
// not found without asking the database.
var receiptPattern = regexp.MustCompile(`^VA(-[0-9A-Z]{4}){3}$`)

type submissionsPage struct {
	header
	Entries []submissionRow
	Formats []copyFormat
}

type submissionRow struct {
	store.SubmissionEntry
	When   string
	Latest bool
}

// copyFormat is a format the pages offer a copy in.
type copyFormat struct {
	Format, Key string
}

// copyFormats are the formats offered: PDF only with a browser to print.
func (h *Handler) copyFormats() []copyFormat {
	var out []copyFormat
	for _, f := range export.CopyFormats {
		if f == export.CopyPDF && !h.pdf.Available() {
			continue
		}
		out = append(out, copyFormat{Format: f, Key: "copy.format." + f})
	}
	return out
}

func (h *Handler) submissions(c *gin.Context) {
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	entries, err := h.store.FindSubmissions(c.Request.Context(), rc.P)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &submissionsPage{header: h.header(c, rc), Formats: h.copyFormats()}
	loc := rc.Consultation.Location()
	for i, e := range entries {
		p.Entries = append(p.Entries, submissionRow{SubmissionEntry: e, When: h.formatTime(c, e.SubmittedAt, loc), Latest: i == 0})
	}
	h.render(c, http.StatusOK, "submissions", h.newView(c, "submissions.title", p))
}

// submissionCopy answers the copy of the last submission, or of the one
// with ?receipt=, in ?format= (html by default), in ?in= or else the
// page's language. The page is the copy itself, self-contained, with
// links back that printing leaves out.
func (h *Handler) submissionCopy(c *gin.Context) {
	format := c.DefaultQuery("format", export.CopyHTML)
	receipt := c.Query("receipt")
	if !export.IsCopyFormat(format) || (receipt != "" && !receiptPattern.MatchString(receipt)) ||
		(format == export.CopyPDF && !h.pdf.Available()) {
		h.fail(c, store.ErrNotFound)
		return
	}
	l := c.GetString(langKey)
	if in := c.Query("in"); lang.IsSupported(in) {
		l = in
	}
	cp, err := h.store.FindSubmissionCopy(c.Request.Context(), principal(c), receipt)
	if err != nil {
		h.fail(c, err)
		return
	}
	var links []export.CopyLink
	for _, f := range h.copyFormats() {
		if f.Format != export.CopyHTML {
			links = append(links, export.CopyLink{Href: paths.SubmissionCopy(f.Format, cp.Receipt), Text: h.t(c, f.Key)})
		}
	}
	links = append(links, export.CopyLink{Href: paths.Submissions(), Text: h.t(c, "copy.back")})
	var printer export.Printer
	if h.pdf.Available() {
		printer = h.pdf
	}
	f, err := export.RenderSubmission(c.Request.Context(), cp, l, format, links, printer)
	if err != nil {
		var e *store.Error
		if !errors.As(err, &e) {
			err = store.Errorf(store.KindUnavailable, "pdf_unavailable", "The PDF could not be made just now.")
		}
		h.fail(c, err)
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
