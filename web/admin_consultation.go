package web

import (
	"bytes"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
	"github.com/vaconsult/vaconsult/xlsform"
)

// localTimeLayout is the value of a datetime-local input.
const localTimeLayout = "2006-01-02T15:04"

// textLanguages are the languages a consultation's texts may be in: the
// six official languages of the United Nations.
var textLanguages = []string{"en", "fr", "es", "ar", "zh", "ru"}

// consultationAdminPage is one consultation: its status, what moves it
// on, and the ways to its settings, texts, previews and form.
type consultationAdminPage struct {
	reviewBase
	C             *store.Consultation
	Status        string
	Opens, Closes string
	Rates         []store.ResponseRate
	Actions       []string // the statuses an administrator may move it to
	ClosesInput   string   // the extend form's value
	ClosesErr     string
	TextLanguages []string
	PageLanguages []string
}

// nextStatuses are the moves offered from each status.
var nextStatuses = map[string][]string{
	store.StatusDraft:     {store.StatusOpen},
	store.StatusUpcoming:  {store.StatusOpen, store.StatusDraft},
	store.StatusOpen:      {store.StatusClosed, store.StatusDraft},
	store.StatusClosed:    {store.StatusOpen, store.StatusPublished},
	store.StatusPublished: {store.StatusClosed},
}

// adminConsultation shows one consultation.
func (h *Handler) adminConsultation(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	p := h.newConsultationAdminPage(c, cn)
	v := h.reviewView(c, "admin.consultation.title", p)
	for _, key := range []string{"created", "saved"} {
		if c.Query(key) != "" {
			v.Notice = h.t(c, "admin.consultation.notice."+key)
		}
	}
	if c.Query("status") != "" {
		v.Notice = h.t(c, "admin.consultation.notice.status", h.t(c, "admin.status."+cn.Status(h.now())))
	}
	h.render(c, http.StatusOK, "admin_consultation", v)
}

func (h *Handler) newConsultationAdminPage(c *gin.Context, cn *store.Consultation) *consultationAdminPage {
	now := h.now()
	p := &consultationAdminPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, C: cn, Status: cn.Status(now),
		TextLanguages: textLanguages, PageLanguages: lang.Supported}
	p.Actions = nextStatuses[p.Status]
	loc := cn.Location()
	if cn.OpensAt != nil {
		p.Opens = h.formatTime(c, *cn.OpensAt, loc)
	}
	if cn.ClosesAt != nil {
		p.Closes = h.formatTime(c, *cn.ClosesAt, loc)
	}
	closes := now.Add(14 * 24 * time.Hour)
	if cn.ClosesAt != nil && cn.ClosesAt.After(now) {
		closes = *cn.ClosesAt
	}
	p.ClosesInput = closes.In(loc).Format(localTimeLayout)
	if rates, err := h.store.FindResponseRates(c.Request.Context(), cn.ID); err == nil {
		p.Rates = rates
	}
	return p
}

// adminSetStatus moves a consultation to the status chosen, at once.
func (h *Handler) adminSetStatus(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	_, err := h.store.SetStatus(c.Request.Context(), reviewer(c).Actor(), cn.Slug, c.PostForm("status"))
	if err != nil {
		h.consultationRefused(c, cn, err, "status-actions")
		return
	}
	c.Redirect(http.StatusSeeOther, paths.AdminConsultation(cn.Slug)+"?status=changed")
}

// adminExtendClosing sets a new closing time, read in the consultation's
// time zone.
func (h *Handler) adminExtendClosing(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	at, err := time.ParseInLocation(localTimeLayout, c.PostForm("closes_at"), cn.Location())
	if err == nil {
		_, err = h.store.ExtendClosing(c.Request.Context(), reviewer(c).Actor(), cn.Slug, at)
	} else {
		err = &store.Error{Kind: store.KindValidation, Code: "invalid_closing_time"}
	}
	if err != nil {
		h.consultationRefused(c, cn, err, "closes_at")
		return
	}
	c.Redirect(http.StatusSeeOther, paths.AdminConsultation(cn.Slug)+"?status=changed")
}

// consultationRefused shows the consultation again with what the store
// refused, in the page's language, linked to field.
func (h *Handler) consultationRefused(c *gin.Context, cn *store.Consultation, err error, field string) {
	var se *store.Error
	if !errors.As(err, &se) || (se.Kind != store.KindValidation && se.Kind != store.KindConflict) {
		h.fail(c, err)
		return
	}
	p := h.newConsultationAdminPage(c, cn)
	msg := h.t(c, "admin.consultation.error."+se.Code)
	if field == "closes_at" {
		p.ClosesInput, p.ClosesErr = c.PostForm("closes_at"), msg
	}
	v := h.reviewView(c, "admin.consultation.title", p)
	h.problem(v, field, msg)
	status := http.StatusUnprocessableEntity
	if se.Kind == store.KindConflict {
		status = http.StatusConflict
	}
	h.render(c, status, "admin_consultation", v)
}

// adminFormXLSX downloads the consultation as an XLSForm workbook.
func (h *Handler) adminFormXLSX(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	var b bytes.Buffer
	if err := xlsform.Write(&b, cn.File()); err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+cn.Slug+`.xlsx"`)
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
}

// adminFormYAML downloads the consultation as a consultation file.
func (h *Handler) adminFormYAML(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	b, err := questionset.Marshal(cn.File())
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+cn.Slug+`.yaml"`)
	c.Data(http.StatusOK, "application/yaml; charset=utf-8", b)
}
