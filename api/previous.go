package api

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

// previousOut is what the respondent submitted to the consultation theirs
// follows, by question of the current set.
type previousOut struct {
	Slug        string              `json:"slug"`
	Title       string              `json:"title"`
	SubmittedAt time.Time           `json:"submitted_at"`
	Answers     []previousAnswerOut `json:"answers"`
}

type previousAnswerOut struct {
	QuestionID int64   `json:"question_id"`
	Choice     *string `json:"choice"`
	Text       string  `json:"text"`
	Lang       string  `json:"lang"`
}

// previousAnswers returns last cycle's submitted answers of the
// respondent, for the client to offer as a start; starting from them is
// an ordinary save.
func (h *Handler) previousAnswers(c *gin.Context) {
	prev, err := h.store.FindPreviousAnswers(c.Request.Context(), principal(c))
	if errors.Is(err, store.ErrNotFound) {
		err = store.Errorf(store.KindNotFound, "no_previous",
			"There are no answers of yours to start from: this consultation follows no earlier one, or you submitted none of its questions there.")
	}
	if err != nil {
		h.writeError(c, err)
		return
	}
	out := previousOut{Slug: prev.Slug, Title: prev.Title.In(language(c)), SubmittedAt: prev.Answers[0].SubmittedAt.UTC(),
		Answers: make([]previousAnswerOut, 0, len(prev.Answers))}
	for _, a := range prev.Answers {
		pa := previousAnswerOut{QuestionID: a.QuestionID, Text: a.Text, Lang: a.Language}
		if a.Choice != "" {
			pa.Choice = &a.Choice
		}
		out.Answers = append(out.Answers, pa)
	}
	c.JSON(http.StatusOK, out)
}
