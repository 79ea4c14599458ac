package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/paths"
)

// quoteRow is a chosen quote as the question's page lists it.
type quoteRow struct {
	store.Quote
	CountryLabel string
	By           string // who chose it, and when
	First, Last  bool   // in the report's order: no move up, no move down
}

// QuoteAction returns the address the forms that choose a quote post to.
func (rq *questionRef) QuoteAction() string { return rq.filtered(paths.ReviewQuotes) }

// RemoveQuoteURL returns the address that takes a quote off the report.
func (rq *questionRef) RemoveQuoteURL(id int64) string {
	return paths.ReviewQuoteRemove(rq.C.Slug, rq.Q.Number, id) + "?" + rq.Filter.Query()
}

// QuoteNoteURL returns the address that saves the note on a quote.
func (rq *questionRef) QuoteNoteURL(id int64) string {
	return paths.ReviewQuoteNote(rq.C.Slug, rq.Q.Number, id) + "?" + rq.Filter.Query()
}

// MoveQuoteURL returns the address that moves a quote in the report's order.
func (rq *questionRef) MoveQuoteURL(id int64) string {
	return paths.ReviewQuoteMove(rq.C.Slug, rq.Q.Number, id) + "?" + rq.Filter.Query()
}

// Unnamed reports whether the quote's respondent asked not to be named.
func (q quoteRow) Unnamed() bool { return q.Attribution == domain.AttributionAnonymous }

func (h *Handler) quoteRows(c *gin.Context, rq *questionRef, quotes []store.Quote) []quoteRow {
	rows := make([]quoteRow, 0, len(quotes))
	for i, q := range quotes {
		rows = append(rows, quoteRow{Quote: q, CountryLabel: countryName(c.GetString(langKey), q.Country),
			By:    h.t(c, "review.quote.by", h.reviewerName(c, q.ChosenBy), h.formatTime(c, q.ChosenAt, rq.C.Location())),
			First: i == 0, Last: i == len(quotes)-1})
	}
	return rows
}

// reviewChooseQuote adds an answer to the question's quotes: whole, or the
// passage the form names by its place and its words (which the page's
// script fills in from the selection). The store checks that the words
// are the answer's at that place.
func (h *Handler) reviewChooseQuote(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	response, err := strconv.ParseInt(c.PostForm("response"), 10, 64)
	if err != nil {
		h.quoteProblem(c, rq, http.StatusUnprocessableEntity, "review.quote.error.answer")
		return
	}
	in := store.QuoteInput{ResponseID: response, QuestionID: rq.Q.ID, Note: c.PostForm("note")}
	if c.PostForm("start") != "" || c.PostForm("passage") != "" {
		start, err1 := strconv.Atoi(c.PostForm("start"))
		end, err2 := strconv.Atoi(c.PostForm("end"))
		if err1 != nil || err2 != nil {
			h.quoteProblem(c, rq, http.StatusUnprocessableEntity, "review.quote.error.passage")
			return
		}
		// A form sends its line breaks as CR LF; answers keep LF alone.
		in.Passage = &store.Passage{Start: start, End: end, Text: strings.ReplaceAll(c.PostForm("passage"), "\r\n", "\n")}
	}
	_, err = h.store.ChooseQuote(c.Request.Context(), reviewer(c).Actor(), in)
	switch {
	case errors.Is(err, store.ErrValidation):
		h.quoteProblem(c, rq, http.StatusUnprocessableEntity, "review.quote.error.passage")
		return
	case errors.Is(err, store.ErrNotFound):
		h.quoteProblem(c, rq, http.StatusUnprocessableEntity, "review.quote.error.answer")
		return
	}
	h.afterReviewChange(c, rq, err, "answer-"+strconv.FormatInt(response, 10))
}

// reviewRemoveQuote takes a quote off the report.
func (h *Handler) reviewRemoveQuote(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(c.Param("quote"), 10, 64)
	err := h.store.RemoveQuote(c.Request.Context(), reviewer(c).Actor(), rq.Q.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		h.quoteProblem(c, rq, http.StatusNotFound, "review.quote.error.gone")
		return
	}
	h.afterReviewChange(c, rq, err, "quotes")
}

// reviewMoveQuote moves a quote one place up (by=-1) or down (by=1) in
// the report's order.
func (h *Handler) reviewMoveQuote(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(c.Param("quote"), 10, 64)
	by, _ := strconv.Atoi(c.PostForm("by"))
	err := h.store.MoveQuote(c.Request.Context(), reviewer(c).Actor(), rq.Q.ID, id, by)
	if errors.Is(err, store.ErrNotFound) {
		h.quoteProblem(c, rq, http.StatusNotFound, "review.quote.error.gone")
		return
	}
	h.afterReviewChange(c, rq, err, "quote-"+strconv.FormatInt(id, 10))
}

// reviewQuoteNote saves the reviewers' note on a quote, which only the
// review pages and the internal exports show.
func (h *Handler) reviewQuoteNote(c *gin.Context) {
	rq, ok := h.findReviewQuestion(c)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(c.Param("quote"), 10, 64)
	err := h.store.SetQuoteNote(c.Request.Context(), reviewer(c).Actor(), rq.Q.ID, id,
		strings.ReplaceAll(c.PostForm("note"), "\r\n", "\n"))
	switch {
	case errors.Is(err, store.ErrValidation):
		h.quoteProblem(c, rq, http.StatusUnprocessableEntity, "review.quote.error.note")
		return
	case errors.Is(err, store.ErrNotFound):
		h.quoteProblem(c, rq, http.StatusNotFound, "review.quote.error.gone")
		return
	}
	h.afterReviewChange(c, rq, err, "quote-"+strconv.FormatInt(id, 10))
}

// quoteProblem renders the question's page with what went wrong with a
// quote, in the list of quotes.
func (h *Handler) quoteProblem(c *gin.Context, rq *questionRef, status int, key string) {
	h.renderQuestion(c, status, rq, map[string]string{"quote": h.t(c, key)}, nil)
}
