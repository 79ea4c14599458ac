package web

import (
	"errors"
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/vaconsult/vaconsult/store"
)

// sortCountries puts countries in the alphabetical order of language l.
func sortCountries(l string, list []country) {
	col := collate.New(language.Make(l))
	sort.SliceStable(list, func(i, j int) bool { return col.CompareString(list[i].Name, list[j].Name) < 0 })
}

type countryPage struct {
	reviewBase
	C            *store.Consultation
	CountryLabel string
	Region       string
	States       []countryQuestion
	Survivors    []countryQuestion
}

type countryQuestion struct {
	Q       store.Question
	Answers []answerRow
}

// reviewCountry sets a country's State Party's answers beside those of its
// survivors and their organisations.
func (h *Handler) reviewCountry(c *gin.Context) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	cv, err := h.store.CountryView(c.Request.Context(), cn.Slug, c.Param("cc"))
	switch {
	case errors.Is(err, store.ErrValidation), errors.Is(err, store.ErrNotFound):
		h.fail(c, store.ErrNotFound)
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	l := c.GetString(langKey)
	p := &countryPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, C: cn,
		CountryLabel: countryName(l, cv.Country.ISO2), Region: cv.Country.Region}
	for _, list := range []struct {
		in  []store.CountryQuestion
		out *[]countryQuestion
	}{{cv.States, &p.States}, {cv.Survivors, &p.Survivors}} {
		for _, q := range list.in {
			cq := countryQuestion{Q: q.Question}
			for _, a := range q.Answers {
				cq.Answers = append(cq.Answers, h.answerRow(c, cn, q.Question, a))
			}
			*list.out = append(*list.out, cq)
		}
	}
	v := h.reviewView(c, "review.country.title", p)
	v.Title = h.t(c, "review.country.heading", p.CountryLabel)
	h.render(c, http.StatusOK, "review_country", v)
}
