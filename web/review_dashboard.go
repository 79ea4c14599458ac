package web

import (
	"errors"
	"net/http"
	"net/url"
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
	// FirstURL and NextURL lead to the first and the next page of
	// respondents; empty on the first and on the last page.
	FirstURL, NextURL string
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
	// A page starts at a respondent (from); anything else starts the list.
	from, _ := strconv.ParseInt(c.Query("from"), 10, 64)
	include := c.Query("unverified") == "include"
	d, err := h.store.FindDashboard(c.Request.Context(), store.DashboardFilter{Consultation: c.Param("slug"),
		IncludeUnverified: include, From: from})
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
	for _, r := range d.Respondents {
		row := dashboardRow{DashboardRespondent: r, CountryLabel: countryName(l, r.Country)}
		if r.SubmittedAt != nil {
			row.Submitted = h.formatDate(c, *r.SubmittedAt, d.Consultation.Location())
		}
		p.Respondents = append(p.Respondents, row)
	}
	for _, code := range d.Countries {
		p.Countries = append(p.Countries, country{Code: code, Name: countryName(l, code)})
	}
	sortCountries(l, p.Countries)
	p.FirstURL, p.NextURL = dashboardPages(d, from, include)
	v := h.reviewView(c, "review.dashboard.title", p)
	if c.Query("verified") != "" {
		v.Notice = h.t(c, "review.dashboard.verified")
	}
	h.render(c, http.StatusOK, "review_dashboard", v)
}

// dashboardPages returns the links to the first page of respondents, when
// this page was reached by a link, and to the next, when there is one; both keep whether
// unverified registrations are counted.
func dashboardPages(d *store.Dashboard, from int64, include bool) (first, next string) {
	page := func(from int64) string {
		q := url.Values{}
		if from != 0 {
			q.Set("from", strconv.FormatInt(from, 10))
		}
		if include {
			q.Set("unverified", "include")
		}
		if len(q) == 0 {
			return paths.ReviewConsultation(d.Consultation.Slug)
		}
		return paths.ReviewConsultation(d.Consultation.Slug) + "?" + q.Encode()
	}
	if from != 0 {
		first = page(0)
	}
	if d.Next != 0 {
		next = page(d.Next)
	}
	return first, next
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
	// Back to the page that lists the respondent.
	c.Redirect(http.StatusSeeOther, paths.ReviewConsultation(cn.Slug)+"?verified=1&from="+strconv.FormatInt(id, 10)+"#respondent-"+c.Param("id"))
}
