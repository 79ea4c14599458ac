package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
)

// saveForm saves the question form sent without the script: "Save and come
// back later" or "Continue".
func (h *Handler) saveForm(c *gin.Context) {
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	in := form.ParseAnswers(c.Request.PostForm, rc.Set.Questions)
	if problems := form.CheckAnswers(in, rc.Set.Questions); len(problems) > 0 {
		h.renderFormErrors(c, rc, in, problems)
		return
	}
	out, err := h.saveAnswers(c.Request.Context(), rc.P, c.GetString(langKey), in)
	if h.closedOrFailed(c, rc, err) {
		return
	}
	if len(out.Conflicts) > 0 {
		rc.Response = out.Response
		h.renderConflicts(c, rc, out.Conflicts)
		return
	}
	if c.PostForm("action") == "continue" {
		c.Redirect(http.StatusSeeOther, "/respond/check")
		return
	}
	c.Redirect(http.StatusSeeOther, "/respond?saved=1")
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
	v := h.newView(c, "form.title", p)
	for _, pr := range problems {
		msg := h.t(c, pr.Key, pr.Args...)
		v.Errors = append(v.Errors, fieldError{Field: pr.Field, Message: msg})
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
// as it now stands.
func (h *Handler) renderConflicts(c *gin.Context, rc *respondentCtx, conflicts []conflict) {
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
			qv.Conflict = &conflictView{Choice: choiceLabel(qv.Q, cf.Theirs.Choice, l), Text: cf.Theirs.Text,
				By: cf.Theirs.UpdatedBy, At: h.formatTime(c, cf.Theirs.UpdatedAt, rc.Consultation.Location())}
			v.Errors = append(v.Errors, fieldError{Field: "q-" + strconv.FormatInt(qv.Q.ID, 10),
				Message: h.t(c, "conflict.summary", qv.Q.Number, cf.Theirs.UpdatedBy)})
		}
	}
	h.render(c, http.StatusConflict, "respond", v)
}
