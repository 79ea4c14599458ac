package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
	"github.com/vaconsult/vaconsult/web/paths"
)

// saveForm saves the question form sent without the script: "Save and come
// back later" or "Continue". A save that goes through costs the session's
// lookup and the store's two round trips; the page is read only to show a
// refusal or a conflict.
func (h *Handler) saveForm(c *gin.Context) {
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
	if store.KindOf(err) == store.KindInternal {
		h.serverError(c, err)
		return
	}
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	if store.KindOf(err) != store.KindValidation {
		h.closedOrFailed(c, rc, err)
		return
	}
	in := form.ParseAnswers(c.Request.PostForm, rc.Set.Questions)
	h.renderFormErrors(c, rc, in, h.problems(c, in, rc.Set.Questions, err))
}

// problems returns what is wrong with a form the store refused, in the
// page's words.
func (h *Handler) problems(c *gin.Context, in []form.Answer, qs []store.Question, err error) []form.Problem {
	problems := form.CheckAnswers(in, qs)
	var se *store.Error
	if errors.As(err, &se) && se.Fields["lang"] != "" {
		problems = append(problems, form.Problem{Field: form.LanguageName, Key: "form.error.language"})
	}
	if len(problems) == 0 {
		problems = append(problems, form.Problem{Field: "answers", Key: "autosave.invalid"})
	}
	return problems
}

// closedOrFailed renders the answer to a save or a submission the store
// refused for good, and reports whether it did.
func (h *Handler) closedOrFailed(c *gin.Context, rc *respondentCtx, err error) bool {
	if err == nil {
		return false
	}
	var se *store.Error
	if errors.As(err, &se) && se.Code == "consultation_closed" {
		rc.Status = store.StatusClosed
		h.renderClosed(c, rc, http.StatusConflict)
		return true
	}
	if errors.As(err, &se) && se.Code == "consultation_not_open" {
		h.renderError(c, http.StatusConflict, "notopen")
		return true
	}
	h.serverError(c, err)
	return true
}

// renderFormErrors shows the form again with the person's input, an error
// summary and each message beside its field.
func (h *Handler) renderFormErrors(c *gin.Context, rc *respondentCtx, in []form.Answer, problems []form.Problem) {
	p := h.newFormPage(c, rc)
	withInput(p.Questions, in)
	p.Languages = answerLanguages(rc.Set, c.GetString(langKey), answerLanguage(c))
	v := h.newView(c, "form.title", p)
	for _, pr := range problems {
		msg := h.t(c, pr.Key, pr.Args...)
		v.Errors = append(v.Errors, fieldError{Field: pr.Field, Message: msg})
		if pr.Field == form.LanguageName {
			p.LanguageError = msg
		}
		for i := range p.Questions {
			if pr.Field == p.Questions[i].TextName() || pr.Field == p.Questions[i].ChoiceName() {
				p.Questions[i].Error = msg
			}
		}
	}
	for i := range v.Errors {
		if strings.HasSuffix(v.Errors[i].Field, "-choice") { // the first radio
			v.Errors[i].Field += "-0"
		}
	}
	h.render(c, http.StatusUnprocessableEntity, "respond", v)
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
