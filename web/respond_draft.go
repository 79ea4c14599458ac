package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/problem"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
)

// draftOut is the answer to the script's autosave.
type draftOut struct {
	Saved     []savedOut `json:"saved"`     // the answers as sent, with their new base
	Conflicts []int      `json:"conflicts"` // numbers of the questions in conflict
	// ConflictIDs are the ids of those questions, in the same order.
	ConflictIDs []string `json:"conflict_ids"`
	// At is when the server answered, in the consultation's time zone,
	// named, as the pages write times: "18:00 CEST".
	At      string        `json:"at"`
	Answers []answerState `json:"answers"` // who changed each answer last
}

type savedOut struct {
	ID      string `json:"id"`
	Version int    `json:"v"`
	Hash    string `json:"h"`
}

type answerState struct {
	ID          string `json:"id"`
	Version     int    `json:"v"`
	LastChanged string `json:"last"`
}

// saveDraft is the script's autosave: the same form, answered in JSON. It
// authenticates the session in the store, as it saves, so that an autosave
// costs two round trips to the database; the question set is read only to
// explain a refusal.
func (h *Handler) saveDraft(c *gin.Context) {
	token, _ := c.Cookie(sessionCookie)
	in := form.ParseDraft(c.Request.PostForm)
	m, err := h.saveAnswers(c, store.Saver{SessionToken: token}, in)
	var v *store.ValidationError
	switch {
	case errors.As(err, &v):
		refused := pageProblems(v)
		refused.Key = "autosave.invalid" // said after a pause in typing: "Not saved: …"
		h.fail(c, refused)
		return
	case err != nil:
		h.fail(c, err)
		return
	}
	status := http.StatusOK
	if e := m.ConflictError(); e != nil {
		// Not a failure: the answers nobody else changed were saved.
		status = problem.Status(e.Kind)
	}
	c.JSON(status, h.draftOut(c, m, in))
}

// draftOut reports the save: for each answer the person changed and that
// now stands as they sent it, the version to start from next; the
// questions in conflict; and who changed each answer last.
func (h *Handler) draftOut(c *gin.Context, m *store.Merged, in []form.Answer) draftOut {
	loc := m.Consultation.Location()
	out := draftOut{Saved: []savedOut{}, Conflicts: []int{}, ConflictIDs: []string{}, Answers: []answerState{},
		At: h.now().In(loc).Format("15:04 MST")}
	for _, a := range form.Changes(in) {
		cur, ok := findAnswer(m.Answers, a.QuestionID)
		if cur.Choice == a.Choice && cur.Text == a.Text {
			// Written by this save, or already so; or still empty.
			v := cur.Version
			if !ok {
				v = 0
			}
			out.Saved = append(out.Saved, savedOut{ID: strconv.FormatInt(a.QuestionID, 10), Version: v,
				Hash: form.Hash(a.Choice, a.Text)})
		}
	}
	for _, cf := range m.Conflicts {
		out.Conflicts = append(out.Conflicts, cf.Number)
		out.ConflictIDs = append(out.ConflictIDs, strconv.FormatInt(cf.Mine.QuestionID, 10))
	}
	for _, a := range m.Answers {
		out.Answers = append(out.Answers, answerState{ID: strconv.FormatInt(a.QuestionID, 10), Version: a.Version,
			LastChanged: h.lastChangedIn(c, loc, m.Principal.ContributorID, a)})
	}
	return out
}
