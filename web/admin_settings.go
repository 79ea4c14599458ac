package web

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// settingsPage edits a consultation's dates, time zone and
// self-registration.
type settingsPage struct {
	reviewBase
	C         *store.Consultation
	Form      settingsForm
	FieldErrs map[string]string
}

// settingsForm is the form's input, as typed.
type settingsForm struct {
	OpensAt, ClosesAt, TimeZone string
	SelfRegistration            bool
}

// adminSettings shows the settings form.
func (h *Handler) adminSettings(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	loc := cn.Location()
	form := settingsForm{TimeZone: cn.TimeZone, SelfRegistration: cn.SelfRegistration}
	if cn.OpensAt != nil {
		form.OpensAt = cn.OpensAt.In(loc).Format(localTimeLayout)
	}
	if cn.ClosesAt != nil {
		form.ClosesAt = cn.ClosesAt.In(loc).Format(localTimeLayout)
	}
	h.renderSettings(c, http.StatusOK, &settingsPage{C: cn, Form: form})
}

// adminSaveSettings saves the settings through the same rules as loading
// a file.
func (h *Handler) adminSaveSettings(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	p := &settingsPage{C: cn, FieldErrs: map[string]string{}, Form: settingsForm{
		OpensAt: strings.TrimSpace(c.PostForm("opens_at")), ClosesAt: strings.TrimSpace(c.PostForm("closes_at")),
		TimeZone: strings.TrimSpace(c.PostForm("time_zone")), SelfRegistration: c.PostForm("self_registration") == "yes"}}
	f := cn.File()
	f.TimeZone, f.SelfRegistration = p.Form.TimeZone, p.Form.SelfRegistration
	loc, err := time.LoadLocation(p.Form.TimeZone)
	if err != nil || p.Form.TimeZone == "" || p.Form.TimeZone == "Local" {
		p.FieldErrs["time_zone"] = h.t(c, "admin.settings.error.time_zone")
		loc = time.UTC
	}
	f.OpensAt = h.settingsTime(c, p, "opens_at", p.Form.OpensAt, loc)
	f.ClosesAt = h.settingsTime(c, p, "closes_at", p.Form.ClosesAt, loc)
	if f.OpensAt != nil && f.ClosesAt != nil && !f.ClosesAt.After(*f.OpensAt) {
		p.FieldErrs["closes_at"] = h.t(c, "admin.settings.error.order")
	}
	if len(p.FieldErrs) > 0 {
		h.renderSettings(c, http.StatusUnprocessableEntity, p)
		return
	}
	_, err = h.store.LoadConsultationWith(c.Request.Context(), f, store.LoadOptions{Actor: reviewer(c).Actor()})
	var se *store.Error
	if errors.As(err, &se) && se.Kind == store.KindValidation {
		p.FieldErrs["time_zone"] = h.t(c, "admin.texts.error.invalid", se.Message)
		h.renderSettings(c, http.StatusUnprocessableEntity, p)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, paths.AdminConsultation(cn.Slug)+"?saved=1")
}

// settingsTime reads a datetime-local value in loc; empty means none.
func (h *Handler) settingsTime(c *gin.Context, p *settingsPage, field, value string, loc *time.Location) *time.Time {
	if value == "" {
		return nil
	}
	t, err := time.ParseInLocation(localTimeLayout, value, loc)
	if err != nil {
		p.FieldErrs[field] = h.t(c, "admin.settings.error.time")
		return nil
	}
	return &t
}

func (h *Handler) renderSettings(c *gin.Context, status int, p *settingsPage) {
	p.reviewBase = reviewBase{Me: reviewer(c), Slug: p.C.Slug}
	v := h.reviewView(c, "admin.settings.title", p)
	for _, field := range []string{"opens_at", "closes_at", "time_zone"} {
		if msg := p.FieldErrs[field]; msg != "" {
			h.problem(v, field, msg)
		}
	}
	h.render(c, status, "admin_settings", v)
}
