package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
	"github.com/vaconsult/vaconsult/web/paths"
)

// carryName is the name of the form's buttons that start from last
// cycle's answers: the question's id, or carryAll.
const (
	carryName = "carry"
	carryAll  = "all"
)

// carryView is what the respondent submitted to the consultation theirs
// follows, shown under each question they have not answered yet.
type carryView struct {
	Title   store.Text
	Date    string
	Answers map[int64]carryAnswer
}

// carryAnswer is one previous answer as the form quotes it.
type carryAnswer struct {
	Choice string // the label, in the page's language
	Text   string
	Lang   string
}

// CarryFor returns last cycle's answer to the question, for the template;
// nil when there is none to offer.
func (p *formPage) CarryFor(questionID int64) *carryAnswer {
	if p.Carry == nil {
		return nil
	}
	if a, ok := p.Carry.Answers[questionID]; ok {
		return &a
	}
	return nil
}

// carryView reads last cycle's answers to the questions still unanswered,
// or returns nil when there are none: nothing is offered over an answer
// already written, and nothing while answers are compared. The reading
// costs the form a round trip to the database, paid only when the
// consultation follows another and a question is still unanswered.
func (h *Handler) carryView(c *gin.Context, rc *respondentCtx, qs []questionView) *carryView {
	if rc.Consultation.Follows == "" || !slices.ContainsFunc(qs, func(qv questionView) bool { return !qv.Answered() }) {
		return nil
	}
	prev, err := h.store.FindPreviousAnswers(c.Request.Context(), rc.P)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			h.log.ErrorContext(c.Request.Context(), "previous answers", "err", err)
		}
		return nil
	}
	l := c.GetString(langKey)
	cv := &carryView{Title: prev.Title, Answers: map[int64]carryAnswer{}}
	for _, qv := range qs {
		a, ok := prev.Answer(rc.P.RespondentID, qv.Q.ID)
		if !ok || qv.Answered() {
			continue
		}
		cv.Answers[qv.Q.ID] = carryAnswer{Choice: choiceLabel(qv.Q, a.Choice, l), Text: a.Text, Lang: a.Language}
		cv.Date = h.formatDate(c, a.SubmittedAt, rc.Consultation.Location())
	}
	if len(cv.Answers) == 0 {
		return nil
	}
	return cv
}

// startFromPrevious saves the form as "Save" does, with last cycle's
// answer in place of each chosen question left empty. The answers go
// through the ordinary merge from the version the form showed: one that
// a colleague wrote meanwhile comes back as a conflict, never overwritten.
func (h *Handler) startFromPrevious(c *gin.Context) {
	chosen := c.PostForm(carryName)
	p := principal(c)
	prev, err := h.store.FindPreviousAnswers(c.Request.Context(), p)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		h.fail(c, err)
		return
	}
	draft := form.ParseDraft(c.Request.PostForm)
	langs := map[int64]string{}
	anchor := "#answers"
	for i := range draft {
		a := &draft[i]
		pa, ok := prev.Answer(p.RespondentID, a.QuestionID)
		if !ok || a.Choice != "" || a.Text != "" || (chosen != carryAll && chosen != strconv.FormatInt(a.QuestionID, 10)) {
			continue
		}
		a.Choice, a.Text, a.KeepTheirs = pa.Choice, pa.Text, false
		langs[a.QuestionID] = pa.Language
		if chosen != carryAll {
			anchor = "#q-" + chosen
		}
	}
	answers := form.Changes(draft)
	for i := range answers {
		answers[i].Language = langs[answers[i].QuestionID]
	}
	m, err := h.store.MergeDraft(c.Request.Context(), store.Saver{Principal: p},
		store.Draft{Answers: answers, Language: answerLanguage(c)})
	if err != nil {
		h.saveFailed(c, err)
		return
	}
	if len(m.Conflicts) > 0 {
		rc, ok := h.loadRespondent(c)
		if !ok {
			return
		}
		h.renderConflicts(c, rc, m.Conflicts, nil)
		return
	}
	c.Redirect(http.StatusSeeOther, paths.Respond()+"?carried=1"+anchor)
}
