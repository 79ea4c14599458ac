package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
	"github.com/vaconsult/vaconsult/xlsform"
)

// consultationsPage lists every consultation with its status and
// response rates, and offers administrators to create one.
type consultationsPage struct {
	reviewBase
	Items     []consultationRow
	CopySlug  string // the copy form's input, kept on an error
	CopyFrom  string
	FileErrs  []string // the uploaded file's problems
	FieldErrs map[string]string
}

// consultationRow is one consultation of the list.
type consultationRow struct {
	C      *store.Consultation
	Status string
	Rates  []store.ResponseRate
}

// adminConsultations lists the consultations.
func (h *Handler) adminConsultations(c *gin.Context) {
	h.renderConsultations(c, http.StatusOK, &consultationsPage{})
}

func (h *Handler) renderConsultations(c *gin.Context, status int, p *consultationsPage) {
	all, err := h.store.FindConsultationOverviews(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	p.reviewBase = reviewBase{Me: reviewer(c)}
	for _, o := range all {
		p.Items = append(p.Items, consultationRow{C: o.Consultation, Status: o.Consultation.Status(h.now()), Rates: o.Rates})
	}
	v := h.reviewView(c, "admin.consultations.title", p)
	for _, msg := range p.FileErrs {
		h.problem(v, "file", msg)
	}
	for _, field := range []string{"from", "slug"} {
		if msg := p.FieldErrs[field]; msg != "" {
			h.problem(v, "copy-"+field, msg)
		}
	}
	h.render(c, status, "admin_consultations", v)
}

// adminUpload creates a draft consultation from an uploaded YAML file or
// XLSForm workbook; every problem of the file is listed, and nothing is
// created.
func (h *Handler) adminUpload(c *gin.Context) {
	f, problems := h.readConsultationUpload(c)
	if len(problems) > 0 {
		h.renderConsultations(c, http.StatusUnprocessableEntity, &consultationsPage{FileErrs: problems})
		return
	}
	res, err := h.store.LoadConsultationWith(c.Request.Context(), f,
		store.LoadOptions{Actor: reviewer(c).Actor(), Draft: true, CreateOnly: true})
	if errors.Is(err, store.ErrConflict) {
		h.renderConsultations(c, http.StatusConflict, &consultationsPage{
			FileErrs: []string{h.t(c, "admin.consultations.slug_taken", f.Slug)}})
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, paths.AdminConsultation(res.Consultation.Slug)+"?created=1")
}

// readConsultationUpload reads the uploaded file, or returns its problems
// in the page's language.
func (h *Handler) readConsultationUpload(c *gin.Context) (*questionset.File, []string) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, []string{h.t(c, "admin.consultations.error.no_file")}
	}
	if fh.Size > xlsform.MaxFileSize {
		return nil, []string{h.t(c, "admin.consultations.error.too_large")}
	}
	r, err := fh.Open()
	if err != nil {
		return nil, []string{h.t(c, "admin.consultations.error.no_file")}
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, xlsform.MaxFileSize+1))
	if err != nil || len(data) > xlsform.MaxFileSize {
		return nil, []string{h.t(c, "admin.consultations.error.too_large")}
	}
	// An .xlsx is a zip archive: PK is how it starts, whatever its name.
	if strings.EqualFold(filepath.Ext(fh.Filename), ".xlsx") || bytes.HasPrefix(data, []byte("PK")) {
		f, err := xlsform.Read(data)
		return f, h.xlsformProblems(c, err)
	}
	f, err := questionset.Parse(data)
	return f, h.yamlProblems(c, err)
}

// xlsformProblems says each problem of a workbook in the page's language,
// with its sheet and row.
func (h *Handler) xlsformProblems(c *gin.Context, err error) []string {
	if err == nil {
		return nil
	}
	var x *xlsform.Error
	if !errors.As(err, &x) {
		return []string{h.t(c, "admin.xlsform.not_workbook")}
	}
	out := make([]string, len(x.Problems))
	for i, p := range x.Problems {
		msg := h.t(c, "admin.xlsform."+p.Code, p.Column, p.Arg)
		switch {
		case p.Row > 0:
			msg = h.t(c, "admin.xlsform.at_row", p.Sheet, p.Row, msg)
		case p.Sheet != "":
			msg = h.t(c, "admin.xlsform.at_sheet", p.Sheet, msg)
		}
		out[i] = msg
	}
	return out
}

// yamlProblems says what is wrong with a consultation file in YAML. The
// format's rules name its keys, which are the same in every language.
func (h *Handler) yamlProblems(c *gin.Context, err error) []string {
	if err == nil {
		return nil
	}
	var v *questionset.ValidationError
	if !errors.As(err, &v) {
		return []string{h.t(c, "admin.consultations.error.unreadable")}
	}
	out := make([]string, len(v.Problems))
	for i, p := range v.Problems {
		out[i] = h.t(c, "admin.consultations.error.rule", p)
	}
	return out
}

// adminCopy creates a draft copy of a consultation for the next cycle.
func (h *Handler) adminCopy(c *gin.Context) {
	from, slug := c.PostForm("from"), strings.TrimSpace(c.PostForm("slug"))
	p := &consultationsPage{CopyFrom: from, CopySlug: slug, FieldErrs: map[string]string{}}
	if !questionset.ValidSlug(slug) {
		p.FieldErrs["slug"] = h.t(c, "admin.consultations.error.slug")
		h.renderConsultations(c, http.StatusUnprocessableEntity, p)
		return
	}
	cn, err := h.store.CopyConsultation(c.Request.Context(), reviewer(c).Actor(), from, slug)
	switch {
	case errors.Is(err, store.ErrNotFound):
		p.FieldErrs["from"] = h.t(c, "admin.consultations.error.from")
		h.renderConsultations(c, http.StatusUnprocessableEntity, p)
	case errors.Is(err, store.ErrConflict):
		p.FieldErrs["slug"] = h.t(c, "admin.consultations.slug_taken", slug)
		h.renderConsultations(c, http.StatusConflict, p)
	case err != nil:
		h.fail(c, err)
	default:
		c.Redirect(http.StatusSeeOther, paths.AdminConsultation(cn.Slug)+"?created=1")
	}
}
