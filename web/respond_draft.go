package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
)

// draftOut is the answer to the script's autosave.
type draftOut struct {
	Saved     []savedOut    `json:"saved"`     // the answers written, with their new base
	Conflicts []int         `json:"conflicts"` // numbers of the questions in conflict
	Answers   []answerState `json:"answers"`   // who changed each answer last
	Problems  []fieldError  `json:"problems,omitempty"`
	Message   string        `json:"message,omitempty"`
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

// saveDraft is the script's autosave: the same form, answered in JSON.
func (h *Handler) saveDraft(c *gin.Context) {
	rc, ok := h.loadRespondent(c)
	if !ok {
		return
	}
	in := form.ParseAnswers(c.Request.PostForm, rc.Set.Questions)
	if problems := form.CheckAnswers(in, rc.Set.Questions); len(problems) > 0 {
		out := draftOut{Message: h.t(c, "autosave.invalid")}
		for _, pr := range problems {
			out.Problems = append(out.Problems, fieldError{Field: pr.Field, Message: h.t(c, pr.Key, pr.Args...)})
		}
		c.JSON(http.StatusUnprocessableEntity, out)
		return
	}
	res, err := h.saveAnswers(c.Request.Context(), rc.P, c.GetString(langKey), in)
	var se *store.Error
	if errors.As(err, &se) && se.Kind == store.KindConflict {
		c.JSON(http.StatusConflict, draftOut{Message: h.t(c, "autosave.closed")})
		return
	}
	if err != nil {
		h.serverError(c, err)
		return
	}
	rc.Response = res.Response
	out := draftOut{Saved: []savedOut{}, Conflicts: []int{}, Answers: []answerState{}}
	for _, a := range res.Saved {
		cur, _ := findAnswer(res.Response, a.QuestionID)
		out.Saved = append(out.Saved, savedOut{ID: strconv.FormatInt(a.QuestionID, 10), Version: cur.Version,
			Hash: form.Hash(a.Choice, a.Text)})
	}
	for _, cf := range res.Conflicts {
		for _, q := range rc.Set.Questions {
			if q.ID == cf.Mine.QuestionID {
				out.Conflicts = append(out.Conflicts, q.Number)
			}
		}
	}
	for _, a := range res.Response.Answers {
		out.Answers = append(out.Answers, answerState{ID: strconv.FormatInt(a.QuestionID, 10), Version: a.Version,
			LastChanged: h.lastChanged(c, rc, a)})
	}
	status := http.StatusOK
	if len(out.Conflicts) > 0 {
		status = http.StatusConflict
	}
	c.JSON(status, out)
}
