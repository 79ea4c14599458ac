package web

import (
	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// countryAnswer is an answer of the country view with, beside it, what the
// same respondent submitted to the question of the same key in the
// consultation this one follows.
type countryAnswer struct {
	answerRow
	Previous *previousRow
}

// previousRow is last cycle's answer as the country view shows it.
type previousRow struct {
	Q      store.Question // the current question: its choices label the answer
	Choice string
	Text   string
	Title  string // the earlier consultation's
	Date   string
}

// previousRow returns the respondent's previous answer to q, or nil. An
// answer given without the respondent's name is never linked to one
// given with it, either way: the link would name the anonymous one.
func (h *Handler) previousRow(c *gin.Context, cn *store.Consultation, prev *store.Previous, q store.Question, a store.ReviewAnswer) *previousRow {
	pa, ok := prev.Answer(a.RespondentID, q.ID)
	if !ok || (pa.Attribution == domain.AttributionAnonymous) != (a.Attribution == domain.AttributionAnonymous) {
		return nil
	}
	if !q.HasChoice(pa.Choice) {
		pa.Choice = ""
	}
	return &previousRow{Q: q, Choice: pa.Choice, Text: pa.Text, Title: prev.Title.In(c.GetString(langKey)),
		Date: h.formatDate(c, pa.SubmittedAt, cn.Location())}
}
