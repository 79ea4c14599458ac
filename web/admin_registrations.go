package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// registrationsPage lists the self-registrations to check, with the ways
// to verify, merge and remove each, and the retention of personal data.
type registrationsPage struct {
	reviewBase
	Consultation  *store.Consultation
	Registrations []registrationRow
	Retention     retentionView
	Failed        int64 // the registration whose form failed, if any
	FailedField   string
}

// registrationRow is one registration with what the page shows of it.
type registrationRow struct {
	store.Registration
	CountryLabel string
	Registered   string
	Targets      []store.Respondent // those of its audience it may be merged into
}

// retentionView is the retention of the consultation, as the page says it.
type retentionView struct {
	Days    int
	DueAt   string // "" without a period or a closing time
	Due     bool
	Deleted string // when the personal data was deleted, if it was
}

// registrations shows the self-registrations.
func (h *Handler) registrations(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	p, ok := h.registrationsPage(c, cn)
	if !ok {
		return
	}
	v := h.reviewView(c, "admin.registrations.title", p)
	v.Notice = h.registrationsNotice(c)
	h.render(c, http.StatusOK, "admin_registrations", v)
}

// registrationsNotice says what the last action did, from the address it
// redirected to.
func (h *Handler) registrationsNotice(c *gin.Context) string {
	switch c.Query("done") {
	case "verified", "merged", "removed":
		return h.t(c, "admin.registrations.done."+c.Query("done"))
	case "deleted":
		var n [6]int
		for i, s := range strings.SplitN(c.Query("counts"), "-", 6) {
			n[i], _ = strconv.Atoi(s)
		}
		return h.t(c, "admin.retention.done", n[0], n[1], n[2], n[3], n[5])
	}
	return ""
}

func (h *Handler) registrationsPage(c *gin.Context, cn *store.Consultation) (*registrationsPage, bool) {
	ctx := c.Request.Context()
	regs, err := h.store.FindRegistrations(ctx, cn.Slug)
	if err != nil {
		h.fail(c, err)
		return nil, false
	}
	targets, err := h.store.FindMergeTargets(ctx, cn.ID)
	if err != nil {
		h.fail(c, err)
		return nil, false
	}
	ret, err := h.store.FindRetention(ctx, cn.Slug)
	if err != nil {
		h.fail(c, err)
		return nil, false
	}
	l, loc := c.GetString(langKey), cn.Location()
	p := &registrationsPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, Consultation: cn,
		Retention: retentionView{Days: ret.Days, Due: ret.Due(h.now())}}
	if ret.DueAt != nil {
		p.Retention.DueAt = h.formatDate(c, *ret.DueAt, loc)
	}
	if ret.DeletedAt != nil {
		p.Retention.Deleted = h.formatDate(c, *ret.DeletedAt, loc)
	}
	for _, g := range regs {
		row := registrationRow{Registration: g, CountryLabel: countryName(l, g.Country), Registered: h.formatDate(c, g.CreatedAt, loc)}
		for _, t := range targets {
			if t.Audience == g.Audience && t.ID != g.ID {
				row.Targets = append(row.Targets, t)
			}
		}
		p.Registrations = append(p.Registrations, row)
	}
	return p, true
}

// registrationID returns the registration of the path, or renders 404.
func (h *Handler) registrationID(c *gin.Context) (*store.Consultation, int64, bool) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return nil, 0, false
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		h.fail(c, store.ErrNotFound)
		return nil, 0, false
	}
	return cn, id, true
}

// verifyRegistration marks a registration as checked.
func (h *Handler) verifyRegistration(c *gin.Context) {
	cn, id, ok := h.registrationID(c)
	if !ok {
		return
	}
	r, err := h.store.FindRespondentByID(c.Request.Context(), id)
	if err == nil && r.ConsultationID != cn.ID {
		err = store.ErrNotFound
	}
	if err == nil {
		err = h.store.VerifyRespondent(c.Request.Context(), reviewer(c).Actor(), id)
	}
	h.afterRegistrationAction(c, cn, id, "", "verified", err)
}

// mergeRegistration merges a registration into the respondent chosen.
func (h *Handler) mergeRegistration(c *gin.Context) {
	cn, id, ok := h.registrationID(c)
	if !ok {
		return
	}
	into, err := strconv.ParseInt(c.PostForm("into"), 10, 64)
	if err != nil || into <= 0 {
		h.registrationProblem(c, cn, id, "into", "admin.registrations.error.choose_target", http.StatusUnprocessableEntity)
		return
	}
	_, err = h.store.MergeRespondents(c.Request.Context(), reviewer(c).Actor(), cn.ID, id, into)
	h.afterRegistrationAction(c, cn, id, "into", "merged", err)
}

// removeRegistration removes a junk registration, once the box that says
// so is ticked.
func (h *Handler) removeRegistration(c *gin.Context) {
	cn, id, ok := h.registrationID(c)
	if !ok {
		return
	}
	if c.PostForm("confirm") != "yes" {
		h.registrationProblem(c, cn, id, "confirm", "admin.registrations.error.confirm", http.StatusUnprocessableEntity)
		return
	}
	_, err := h.store.RemoveRespondent(c.Request.Context(), reviewer(c).Actor(), cn.ID, id)
	h.afterRegistrationAction(c, cn, id, "confirm", "removed", err)
}

// afterRegistrationAction redirects to the list after a success, and
// answers a refusal on the page, in the page's words.
func (h *Handler) afterRegistrationAction(c *gin.Context, cn *store.Consultation, id int64, field, done string, err error) {
	var se *store.Error
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, paths.Registrations(cn.Slug)+"?done="+done)
	case errors.Is(err, store.ErrNotFound):
		h.fail(c, store.ErrNotFound)
	case errors.As(err, &se) && (se.Kind == store.KindConflict || se.Kind == store.KindValidation):
		status := http.StatusConflict
		if se.Kind == store.KindValidation {
			status = http.StatusUnprocessableEntity
		}
		if field == "" {
			field = "verify"
		}
		h.registrationProblem(c, cn, id, field, "admin.registrations.error."+se.Code, status)
	default:
		h.fail(c, err)
	}
}

// registrationProblem renders the list with an error summary that links
// to the field of the registration's form that failed; nothing changed.
func (h *Handler) registrationProblem(c *gin.Context, cn *store.Consultation, id int64, field, key string, status int) {
	p, ok := h.registrationsPage(c, cn)
	if !ok {
		return
	}
	p.Failed, p.FailedField = id, field
	v := h.reviewView(c, "admin.registrations.title", p)
	h.problem(v, fmt.Sprintf("%s-%d", field, id), h.t(c, key))
	h.render(c, status, "admin_registrations", v)
}

// deletePersonalData deletes the respondents' personal data once the
// retention period is over, and says what it deleted.
func (h *Handler) deletePersonalData(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	key := ""
	if c.PostForm("confirm") != "yes" {
		key = "admin.retention.error.confirm"
	}
	var d *store.PersonalDataDeletion
	var err error
	if key == "" {
		d, err = h.store.DeletePersonalData(c.Request.Context(), reviewer(c).Actor(), cn.Slug)
	}
	var se *store.Error
	switch {
	case key == "" && err == nil:
		c.Redirect(http.StatusSeeOther, paths.Registrations(cn.Slug)+fmt.Sprintf("?done=deleted&counts=%d-%d-%d-%d-%d-%d",
			d.Individuals, d.Contributors, d.Emails, d.Links, d.Sessions, d.Messages))
		return
	case errors.As(err, &se) && se.Kind == store.KindConflict:
		key = "admin.retention.error." + se.Code
	case err != nil:
		h.fail(c, err)
		return
	}
	p, ok := h.registrationsPage(c, cn)
	if !ok {
		return
	}
	v := h.reviewView(c, "admin.registrations.title", p)
	h.problem(v, "retention-confirm", h.t(c, key))
	status := http.StatusUnprocessableEntity
	if se != nil {
		status = http.StatusConflict
	}
	h.render(c, status, "admin_registrations", v)
}
