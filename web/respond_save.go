package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/problem"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
	"github.com/vaconsult/vaconsult/web/paths"
)

// saveForm saves the question form sent without the script: "Save and come
// back later" or "Continue". A save that goes through costs the session's
// lookup and the store's two round trips; the page is read only to show a
// refusal or a conflict.
func (h *Handler) saveForm(c *gin.Context) {
	if c.PostForm(carryName) != "" {
		h.startFromPrevious(c)
		return
	}
	// An answer compared with a colleague's but sent without a choice is
	// not saved: the comparison is shown again, with the question to
	// answer. The other answers are saved as usual.
	undecided := form.Undecided(c.Request.PostForm)
	draft := slices.DeleteFunc(form.ParseDraft(c.Request.PostForm), func(a form.Answer) bool { return undecided[a.QuestionID] })
	m, err := h.saveAnswers(c, store.Saver{Principal: principal(c)}, draft)
	if err != nil {
		h.saveFailed(c, err)
		return
	}
	if len(m.Conflicts) > 0 || len(undecided) > 0 {
		rc, ok := h.loadRespondent(c)
		if !ok {
			return
		}
		h.renderConflicts(c, rc, append(m.Conflicts, h.stillCompared(c, rc, undecided)...), undecided)
		return
	}
	if c.PostForm("action") == "continue" {
		c.Redirect(http.StatusSeeOther, paths.Check())
		return
	}
	c.Redirect(http.StatusSeeOther, paths.Respond()+"?saved=1")
}

// saveFailed shows the form again with what was wrong, or says why the
// consultation took no change.
func (h *Handler) saveFailed(c *gin.Context, err error) {
	var v *store.ValidationError
	if !errors.As(err, &v) {
		h.refused(c, nil, err)
		return
	}
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	in := form.ParseAnswers(c.Request.PostForm, rc.Set.Questions)
	h.renderFormErrors(c, rc, in, v.Problems, http.StatusUnprocessableEntity)
}

// refused answers a save or a submission the store refused for good: the
// answers read-only once the consultation has closed, else the error's
// page. rc may be nil.
func (h *Handler) refused(c *gin.Context, rc *respondentCtx, err error) {
	if !errors.Is(err, store.ErrClosed) {
		h.fail(c, err)
		return
	}
	if rc == nil {
		var ok bool
		if rc, ok = h.loadRespondent(c); !ok {
			return
		}
	}
	rc.Status = store.StatusClosed
	h.renderClosed(c, rc, problem.Status(store.KindConflict))
}

// renderFormErrors shows the form again with the person's input, an error
// summary and each message beside its field, with status.
func (h *Handler) renderFormErrors(c *gin.Context, rc *respondentCtx, in []form.Answer, problems []store.Problem, status int) {
	p := h.newFormPage(c, rc)
	withInput(p.Questions, in)
	p.Languages = answerLanguages(rc.Set, c.GetString(langKey), answerLanguage(c))
	v := h.newView(c, "form.title", p)
	for _, pr := range problems {
		msg := h.t(c, pr.Key, pr.Args...)
		v.Errors = append(v.Errors, fieldError{Field: formField(pr), Message: msg})
		if pr.Field == "lang" {
			p.LanguageError = msg
		}
		for i := range p.Questions {
			if pr.Question == p.Questions[i].Q.ID {
				p.Questions[i].Error = msg
			}
		}
	}
	h.render(c, status, "respond", v)
}

// renderConflicts shows, beside each answer two people changed, what the
// other saved, for the person to choose or merge. Every other answer shows
// as it now stands. The conflicting answer's starting point becomes the
// version shown beside it, so that keeping one's own overwrites only what
// the person has seen.
//
// An answer in undecided was sent back without a choice: the summary asks
// for one and links to the choice.
func (h *Handler) renderConflicts(c *gin.Context, rc *respondentCtx, conflicts []store.Conflict, undecided map[int64]bool) {
	p := h.newFormPage(c, rc)
	p.Conflict, p.Autosave = true, false
	l := c.GetString(langKey)
	v := h.newView(c, "form.title", p)
	for _, cf := range conflicts {
		for i := range p.Questions {
			qv := &p.Questions[i]
			if qv.Q.ID != cf.Mine.QuestionID {
				continue
			}
			qv.Choice, qv.Text = cf.Mine.Choice, cf.Mine.Text
			qv.Version, qv.Hash = cf.Theirs.Version, form.Hash(cf.Theirs.Choice, cf.Theirs.Text)
			qv.Conflict = &conflictView{Choice: choiceLabel(qv.Q, cf.Theirs.Choice, l), Text: cf.Theirs.Text,
				By: cf.Theirs.UpdatedBy, At: h.formatTime(c, cf.Theirs.UpdatedAt, rc.Consultation.Location())}
			qv.LastChanged = h.t(c, "conflict.mine_unsaved")
			if undecided[qv.Q.ID] {
				qv.ResolveError = h.t(c, "conflict.error.choose", qv.Q.Number)
				v.Errors = append(v.Errors, fieldError{Field: form.ResolveName(qv.Q.ID) + "-mine", Message: qv.ResolveError})
				continue
			}
			v.Errors = append(v.Errors, fieldError{Field: "q-" + strconv.FormatInt(qv.Q.ID, 10),
				Message: h.t(c, "conflict.summary", qv.Q.Number, cf.Theirs.UpdatedBy)})
		}
	}
	status := http.StatusConflict
	if len(undecided) > 0 {
		status = http.StatusUnprocessableEntity
	}
	h.render(c, status, "respond", v)
}

// stillCompared returns, for each undecided answer, the person's text as
// sent beside the answer as it now stands.
func (h *Handler) stillCompared(c *gin.Context, rc *respondentCtx, undecided map[int64]bool) []store.Conflict {
	var out []store.Conflict
	for _, a := range form.ParseDraft(c.Request.PostForm) {
		if !undecided[a.QuestionID] {
			continue
		}
		theirs, _ := rc.answer(a.QuestionID)
		theirs.QuestionID = a.QuestionID
		out = append(out, store.Conflict{Mine: store.AnswerInput{QuestionID: a.QuestionID, Choice: a.Choice, Text: a.Text}, Theirs: theirs})
	}
	return out
}
