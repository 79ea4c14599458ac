package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

type dashboardPage struct {
	reviewBase
	D           *store.Dashboard
	Respondents []dashboardRow
	Countries   []country // with at least one respondent, for the country views
	Formats     []export.Format
	Variants    []export.Variant
}

// dashboardRow is a respondent with their country's name in the page's
// language.
type dashboardRow struct {
	store.DashboardRespondent
	CountryLabel string
	Submitted    string
}

// reviewDashboard shows a consultation's response rates, its respondents
// and the ways to its questions, countries and exports.
func (h *Handler) reviewDashboard(c *gin.Context) {
	// Unverified self-registrations count only when asked for: anyone may
	// register, so they would otherwise swell the rates unchecked.
	d, err := h.store.FindDashboard(c.Request.Context(), store.DashboardFilter{Consultation: c.Param("slug"),
		IncludeUnverified: c.Query("unverified") == "include"})
	if errors.Is(err, store.ErrNotFound) {
		h.fail(c, store.ErrNotFound)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	l := c.GetString(langKey)
	p := &dashboardPage{reviewBase: reviewBase{Me: reviewer(c), Slug: d.Consultation.Slug}, D: d,
		Formats:  []export.Format{export.CSV, export.XLSX, export.JSON, export.HTML, export.DOCX, export.ZIP},
		Variants: []export.Variant{export.Public, export.Internal}}
	seen := map[string]bool{}
	for _, r := range d.Respondents {
		row := dashboardRow{DashboardRespondent: r, CountryLabel: countryName(l, r.Country)}
		if r.SubmittedAt != nil {
			row.Submitted = h.formatDate(c, *r.SubmittedAt, d.Consultation.Location())
		}
		p.Respondents = append(p.Respondents, row)
		if !seen[r.Country] {
			seen[r.Country] = true
			p.Countries = append(p.Countries, country{Code: r.Country, Name: row.CountryLabel})
		}
	}
	sortCountries(l, p.Countries)
	v := h.reviewView(c, "review.dashboard.title", p)
	if c.Query("verified") != "" {
		v.Notice = h.t(c, "review.dashboard.verified")
	}
	h.render(c, http.StatusOK, "review_dashboard", v)
}

// reviewVerify marks a self-registered respondent as checked.
func (h *Handler) reviewVerify(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		h.fail(c, store.ErrNotFound)
		return
	}
	r, err := h.store.FindRespondentByID(c.Request.Context(), id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && r.ConsultationID != cn.ID) {
		h.fail(c, store.ErrNotFound)
		return
	}
	if err == nil {
		err = h.store.VerifyRespondent(c.Request.Context(), reviewer(c).Actor(), id)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, paths.ReviewConsultation(cn.Slug)+"?verified=1#respondent-"+c.Param("id"))
}
