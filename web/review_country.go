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
	Pairs        []countryPair
	States       []countryQuestion        // the States' questions that stand alone
	Survivors    []countryQuestion        // the survivors' questions that stand alone
	Attachments  []store.ReviewAttachment // the documents of the country's submitted responses
}

type countryQuestion struct {
	Q       store.Question
	Answers []countryAnswer
}

// countryPair is a table: the States' answers in one cell beside each
// survivors' answer in a row of its own.
type countryPair struct {
	States    countryQuestion
	Survivors countryQuestion
}

// Rows is how many rows the pair's table has: one per survivors' answer,
// at least one, which says there is none.
func (p countryPair) Rows() []int {
	n := max(len(p.Survivors.Answers), 1)
	rows := make([]int, n)
	for i := range rows {
		rows[i] = i
	}
	return rows
}

// Survivor returns the survivors' answer of row i, if any.
func (p countryPair) Survivor(i int) *countryAnswer {
	if i < len(p.Survivors.Answers) {
		return &p.Survivors.Answers[i]
	}
	return nil
}

// reviewCountry sets a country's State Party's answers beside those of its
// survivors and their organisations: first each States' question beside
// the survivors' question that answers back to it, a table each, then the
// questions that stand alone.
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
	prev, err := h.store.PreviousForCountry(c.Request.Context(), cn.ID, cv.Country.ISO2)
	if err != nil {
		h.fail(c, err)
		return
	}
	row := func(q store.CountryQuestion) countryQuestion {
		cq := countryQuestion{Q: q.Question}
		for _, a := range q.Answers {
			cq.Answers = append(cq.Answers, countryAnswer{answerRow: h.answerRow(c, cn, q.Question, a),
				Previous: h.previousRow(c, cn, prev, q.Question, a)})
		}
		return cq
	}
	pairs, states, survivors := cv.Lined()
	for _, pr := range pairs {
		p.Pairs = append(p.Pairs, countryPair{States: row(pr.States), Survivors: row(pr.Survivors)})
	}
	for _, q := range states {
		p.States = append(p.States, row(q))
	}
	for _, q := range survivors {
		p.Survivors = append(p.Survivors, row(q))
	}
	if p.Attachments, err = h.reviewAttachments(c, cn, cv.Country.ISO2); err != nil {
		h.fail(c, err)
		return
	}
	v := h.reviewView(c, "review.country.title", p)
	v.Title = h.t(c, "review.country.heading", p.CountryLabel)
	h.render(c, http.StatusOK, "review_country", v)
}
