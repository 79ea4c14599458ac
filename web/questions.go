package web

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
)

// questionView is one question of the form with the answer shown in it.
type questionView struct {
	Q           *store.Question
	Choice      string
	Text        string
	Version     int    // of the answer the person's copy starts from
	Hash        string // of that answer
	LastChanged string // who changed it last, and when
	Error       string
	Conflict    *conflictView
	// ResolveError asks for a choice between the versions compared.
	ResolveError string
}

// conflictView is what another contributor saved over the answer the
// person was editing.
type conflictView struct {
	Choice string
	Text   string
	By     string
	At     string
}

// ChoiceName and the methods below name the question's inputs for the
// templates; the form package reads them back.
func (q questionView) ChoiceName() string { return form.ChoiceName(q.Q.ID) }

// TextName names the text box.
func (q questionView) TextName() string { return form.TextName(q.Q.ID) }

// VersionName names the hidden version of the starting answer.
func (q questionView) VersionName() string { return form.VersionName(q.Q.ID) }

// HashName names the hidden hash of the starting answer.
func (q questionView) HashName() string { return form.HashName(q.Q.ID) }

// ResolveName names the conflict's radio group.
func (q questionView) ResolveName() string { return form.ResolveName(q.Q.ID) }

// ComparedName names the hidden field of a compared answer.
func (q questionView) ComparedName() string { return form.ComparedName(q.Q.ID) }

// Answered reports whether the question has an answer.
func (q questionView) Answered() bool { return q.Choice != "" || q.Text != "" }

// questionViews returns the questions with the current answers.
func (h *Handler) questionViews(c *gin.Context, rc *respondentCtx) []questionView {
	out := make([]questionView, len(rc.Set.Questions))
	for i := range rc.Set.Questions {
		q := &rc.Set.Questions[i]
		qv := questionView{Q: q, Hash: form.Hash("", "")}
		if a, ok := rc.answer(q.ID); ok {
			qv.Choice, qv.Text, qv.Version, qv.Hash = a.Choice, a.Text, a.Version, form.Hash(a.Choice, a.Text)
			qv.LastChanged = h.lastChanged(c, rc, a)
		}
		out[i] = qv
	}
	return out
}

// lastChanged says who changed an answer last and when.
func (h *Handler) lastChanged(c *gin.Context, rc *respondentCtx, a store.Answer) string {
	return h.lastChangedIn(c, rc.Consultation.Location(), rc.P.ContributorID, a)
}

// lastChangedIn says it in the time zone loc, to the contributor me.
func (h *Handler) lastChangedIn(c *gin.Context, loc *time.Location, me int64, a store.Answer) string {
	at := h.formatTime(c, a.UpdatedAt, loc)
	if a.UpdatedByID == me {
		return h.t(c, "form.last_changed_you", at)
	}
	return h.t(c, "form.last_changed", a.UpdatedBy, at)
}

// withInput shows what the person sent in place of the saved answers, as
// when their input is refused and must be kept.
func withInput(qs []questionView, in []form.Answer) {
	for i := range qs {
		qs[i].Choice, qs[i].Text = in[i].Choice, in[i].Text
		qs[i].Version, qs[i].Hash = in[i].BaseVersion, in[i].BaseHash
	}
}

// choiceLabel returns the label of a choice in the page's language.
func choiceLabel(q *store.Question, value, l string) string {
	for _, ch := range q.Choices {
		if ch.Value == value {
			return ch.Label.In(l)
		}
	}
	return value
}
