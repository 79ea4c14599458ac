package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

// formPage is the question form, and the read-only answers once the
// consultation has closed.
type formPage struct {
	header
	Questions []questionView
	Autosave  bool
	DraftKey  string // where the script keeps its local copy
	Conflict  bool
	Saved     bool
	ReadOnly  []submittedView // when closed
	// Languages are those the person may say they answer in.
	Languages     []langOption
	LanguageError string
	// Preview is where an administrator previewing the form goes back to;
	// the form then saves nothing.
	Preview string
	// Carry is last cycle's answers to the questions still unanswered.
	Carry *carryView
	attachmentsView
}

// submittedView is one answer as last submitted.
type submittedView struct {
	Q      *store.Question
	Choice string
	Text   string
}

func (h *Handler) respondForm(c *gin.Context) {
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	switch rc.Status {
	case store.StatusClosed:
		h.renderClosed(c, rc, http.StatusOK)
		return
	case store.StatusUpcoming:
		h.renderError(c, http.StatusOK, "notopen")
		return
	}
	p := h.newFormPage(c, rc)
	p.Saved = c.Query("saved") != ""
	if rc.Status == store.StatusOpen {
		p.Carry = h.carryView(c, rc, p.Questions)
	}
	v := h.newView(c, "form.title", p)
	if p.Saved {
		v.Notice = h.t(c, "form.saved_notice")
	}
	if c.Query("carried") != "" {
		v.Notice = h.t(c, "form.carry.saved_notice")
	} else if c.Query("attached") != "" {
		v.Notice = h.t(c, "attachments.added_notice")
	} else if c.Query("removed") != "" {
		v.Notice = h.t(c, "attachments.removed_notice")
	}
	if c.Query("missing") != "" {
		// Sent back from check-your-answers: what each required question
		// left unanswered needs, beside it, as the submission said it.
		for _, pr := range store.MissingAnswers(rc.Set.Questions, rc.Response.Answers) {
			msg := h.t(c, pr.Key, pr.Args...)
			v.Errors = append(v.Errors, fieldError{Field: formField(pr), Message: msg})
			for i := range p.Questions {
				if p.Questions[i].Q.ID == pr.Question {
					p.Questions[i].Error = msg
				}
			}
		}
	}
	h.render(c, http.StatusOK, "respond", v)
}

func (h *Handler) newFormPage(c *gin.Context, rc *respondentCtx) *formPage {
	l := c.GetString(langKey)
	return &formPage{header: h.header(c, rc), Questions: h.questionViews(c, rc),
		Autosave: rc.Status == store.StatusOpen, DraftKey: draftKey(rc.P),
		Languages: answerLanguages(rc.Set, l, chosenLanguage(rc, l)), attachmentsView: newAttachmentsView(rc)}
}

func draftKey(p *store.Principal) string {
	return "vaconsult-draft-" + itoa(p.ResponseID) + "-" + itoa(p.ContributorID)
}

// renderClosed shows the answers read-only, as last submitted, or as they
// were left when never submitted.
func (h *Handler) renderClosed(c *gin.Context, rc *respondentCtx, status int) {
	p := &formPage{header: h.header(c, rc)}
	if rc.Submitted() {
		sub, err := h.store.FindSubmittedAnswers(c.Request.Context(), rc.P)
		if err != nil {
			h.fail(c, err)
			return
		}
		for i := range rc.Set.Questions {
			q := &rc.Set.Questions[i]
			sv := submittedView{Q: q}
			for _, a := range sub {
				if a.QuestionID == q.ID {
					sv.Choice, sv.Text = a.Choice, a.Text
				}
			}
			p.ReadOnly = append(p.ReadOnly, sv)
		}
	} else {
		for _, qv := range h.questionViews(c, rc) {
			p.ReadOnly = append(p.ReadOnly, submittedView{Q: qv.Q, Choice: qv.Choice, Text: qv.Text})
		}
	}
	h.render(c, status, "answers", h.newView(c, "answers.title", p))
}
