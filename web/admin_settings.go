package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/paths"
)

// settingsPage edits a consultation's dates, time zone and
// self-registration, and which States' question each survivors' question
// answers back to.
type settingsPage struct {
	reviewBase
	C         *store.Consultation
	Form      settingsForm
	FieldErrs map[string]string
	States    []store.Question // the States Parties' questions a survivors' question may answer back to

	// Earlier are the consultations it may follow.
	Earlier []*store.Consultation
}

// settingsForm is the form's input, as typed.
type settingsForm struct {
	OpensAt, ClosesAt, TimeZone string
	SelfRegistration            bool
	Pairs                       []pairField
	Follows                     string // the slug of the consultation followed
	Attachments                 bool   // respondents may attach documents
}

// pairField is the choice, for one survivors' question, of the States'
// question it answers back to: 0 for none.
type pairField struct {
	Question store.Question
	States   int
}

// Name is the field's name and id.
func (f pairField) Name() string { return fmt.Sprintf("pair-%d", f.Question.Number) }

// pairFields returns the survivors' questions of cn with their pairs, and
// the States' questions they may answer back to; none when cn lacks
// either set.
func pairFields(cn *store.Consultation) ([]pairField, []store.Question) {
	sp, okS := cn.QuestionSet(domain.AudienceStatesParties)
	sv, okV := cn.QuestionSet(domain.AudienceSurvivors)
	if !okS || !okV {
		return nil, nil
	}
	numbers := map[int64]int{}
	for _, q := range sp.Questions {
		numbers[q.ID] = q.Number
	}
	var out []pairField
	for _, q := range sv.Questions {
		out = append(out, pairField{Question: q, States: numbers[q.PairsWith]})
	}
	return out, sp.Questions
}

// adminSettings shows the settings form.
func (h *Handler) adminSettings(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	loc := cn.Location()
	form := settingsForm{TimeZone: cn.TimeZone, SelfRegistration: cn.SelfRegistration, Follows: cn.Follows,
		Attachments: cn.Attachments}
	form.Pairs, _ = pairFields(cn)
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
	p.Form.Attachments = c.PostForm("attachments") == "yes"
	f.Attachments = p.Form.Attachments
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
	h.settingsPairs(c, p, f)
	if !h.settingsFollows(c, p, f) {
		return
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

// settingsPairs reads the pair chosen for each survivors' question into p
// and f; a field the form lacks keeps the current pair. A States' question chosen twice is an error on the second field,
// as the file's rule says.
func (h *Handler) settingsPairs(c *gin.Context, p *settingsPage, f *questionset.File) {
	fields, states := pairFields(p.C)
	taken := map[int]bool{}
	for i := range fields {
		fd := &fields[i]
		// A form without the field (an older page) keeps the pair.
		if v, ok := c.GetPostForm(fd.Name()); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > len(states) {
				n = 0
			}
			fd.States = n
		}
		n := fd.States
		if n > 0 && taken[n] {
			p.FieldErrs[fd.Name()] = h.t(c, "admin.settings.error.pair_twice", n)
		}
		taken[n] = true
	}
	p.Form.Pairs = fields
	for si := range f.QuestionSets {
		if f.QuestionSets[si].Audience != domain.AudienceSurvivors {
			continue
		}
		for _, fd := range fields {
			f.QuestionSets[si].Questions[fd.Question.Number-1].AnswersBackTo = fd.States
		}
	}
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
	_, p.States = pairFields(p.C)
	if err := h.earlierConsultations(c, p); err != nil {
		h.fail(c, err)
		return
	}
	v := h.reviewView(c, "admin.settings.title", p)
	fields := []string{"opens_at", "closes_at", "time_zone", "follows"}
	for _, fd := range p.Form.Pairs {
		fields = append(fields, fd.Name())
	}
	for _, field := range fields {
		if msg := p.FieldErrs[field]; msg != "" {
			h.problem(v, field, msg)
		}
	}
	h.render(c, status, "admin_settings", v)
}
