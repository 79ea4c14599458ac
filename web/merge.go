package web

import (
	"context"
	"errors"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
)

// saveOutcome is what a save of the form did.
type saveOutcome struct {
	Saved     []form.Answer // the answers written
	Conflicts []conflict    // the answers left as another contributor saved them
	Response  *store.Response
}

// conflict is an answer the person changed while another contributor
// saved a different one.
type conflict struct {
	Mine   form.Answer
	Theirs store.Answer
}

// saveAnswers writes the answers the person changed, merging their save
// with what others saved meanwhile: answers they did not touch are left as
// the others saved them, and an answer both changed is not written but
// returned as a conflict, for the person to choose. Nothing is overwritten
// silently. It retries when another save lands between its read and its
// write.
func (h *Handler) saveAnswers(ctx context.Context, p *store.Principal, lang string, in []form.Answer) (*saveOutcome, error) {
	for attempt := 0; ; attempt++ {
		cur, err := h.store.FindResponse(ctx, p)
		if err != nil {
			return nil, err
		}
		out := &saveOutcome{Response: cur}
		var send []store.AnswerInput
		for _, a := range in {
			theirs, has := findAnswer(cur, a.QuestionID)
			switch {
			case a.KeepTheirs || !a.Edited():
				continue
			case has && theirs.Choice == a.Choice && theirs.Text == a.Text:
				continue // already so
			case !has && a.Choice == "" && a.Text == "":
				continue
			case has && theirs.Version != a.BaseVersion && theirs.UpdatedByID != p.ContributorID:
				out.Conflicts = append(out.Conflicts, conflict{Mine: a, Theirs: theirs})
				continue
			}
			send = append(send, a.Input())
			out.Saved = append(out.Saved, a)
		}
		if len(send) == 0 {
			return out, nil
		}
		_, err = h.store.SaveDraft(ctx, p, store.Draft{Version: cur.Version, Answers: send, Language: lang})
		var se *store.Error
		if errors.As(err, &se) && se.Code == "version_conflict" && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, err
		}
		if out.Response, err = h.store.FindResponse(ctx, p); err != nil {
			return nil, err
		}
		return out, nil
	}
}

func findAnswer(r *store.Response, questionID int64) (store.Answer, bool) {
	for _, a := range r.Answers {
		if a.QuestionID == questionID {
			return a, true
		}
	}
	return store.Answer{}, false
}
