package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/paths"
)

// The report page: the Co-Chairs write their report's introduction and
// conclusions, in the language of the report (which need not be the
// pages'), and download the report as a Word document or a printable page.
// Two Co-Chairs saving at once: the second is shown both texts and saves
// a merge, as with key points.

type reportPage struct {
	reviewBase
	C            *store.Consultation
	In           string // the report's language
	Languages    []reportLanguage
	Introduction string
	Conclusions  string
	Version      int
	Saved        *store.ReportTexts // what is saved now, shown beside the person's text after a conflict
	Conflict     bool
	Updated      string // when the saved texts were last changed, and by whom
}

type reportLanguage struct {
	Code, Name string
	Current    bool
}

func (h *Handler) reviewReport(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	in := reportLanguageOf(c, c.Query("in"))
	rt, err := h.store.FindReportTexts(c.Request.Context(), cn.ID, in)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := h.newReportPage(c, cn, in, rt)
	p.Introduction, p.Conclusions, p.Version = rt.Introduction, rt.Conclusions, rt.Version
	v := h.reviewView(c, "review.report.title", p)
	if c.Query("saved") != "" {
		v.Notice = h.t(c, "review.report.saved")
	}
	h.render(c, http.StatusOK, "review_report", v)
}

func (h *Handler) reviewSaveReport(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	in := reportLanguageOf(c, c.PostForm("in"))
	base, _ := strconv.Atoi(c.PostForm("version"))
	mine := store.ReportTexts{Language: in, Introduction: c.PostForm("introduction"), Conclusions: c.PostForm("conclusions")}
	_, err := h.store.SetReportTexts(c.Request.Context(), reviewer(c).Actor(), cn.ID, base, mine)
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, paths.ReviewReport(cn.Slug, in)+"&saved=1")
		return
	case errors.Is(err, store.ErrValidation):
		h.reportRefused(c, cn, mine, base, http.StatusUnprocessableEntity,
			[]fieldError{{Field: "introduction", Message: h.t(c, "review.report.too_long")}})
		return
	case errors.Is(err, store.ErrEditConflict):
		h.reportRefused(c, cn, mine, -1, http.StatusConflict, nil)
		return
	}
	h.fail(c, err)
}

// reportRefused shows the person's texts again, with the error; after a
// conflict (base -1) beside what is saved now, whose version the next save
// is based on.
func (h *Handler) reportRefused(c *gin.Context, cn *store.Consultation, mine store.ReportTexts, base, status int, errs []fieldError) {
	saved, err := h.store.FindReportTexts(c.Request.Context(), cn.ID, mine.Language)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := h.newReportPage(c, cn, mine.Language, saved)
	p.Introduction, p.Conclusions, p.Version = mine.Introduction, mine.Conclusions, base
	if base < 0 {
		p.Version, p.Saved, p.Conflict = saved.Version, saved, true
		msg := h.t(c, "review.report.conflict_other")
		if p.Updated != "" {
			msg = h.t(c, "review.report.conflict", p.Updated)
		}
		errs = []fieldError{{Field: "introduction", Message: msg}}
	}
	v := h.reviewView(c, "review.report.title", p)
	v.Errors = errs
	h.render(c, status, "review_report", v)
}

func (h *Handler) newReportPage(c *gin.Context, cn *store.Consultation, in string, rt *store.ReportTexts) *reportPage {
	p := &reportPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, C: cn, In: in}
	for _, l := range lang.Supported {
		p.Languages = append(p.Languages, reportLanguage{Code: l, Name: languageNames[l], Current: l == in})
	}
	if rt.UpdatedAt != nil {
		p.Updated = h.formatTime(c, *rt.UpdatedAt, cn.Location())
		if rt.UpdatedByName != "" {
			p.Updated = h.t(c, "review.report.updated_by", p.Updated, rt.UpdatedByName)
		}
	}
	return p
}

// reportLanguageOf is the report's language asked for, else the pages'.
func reportLanguageOf(c *gin.Context, asked string) string {
	if lang.IsSupported(asked) {
		return asked
	}
	return c.GetString(langKey)
}
