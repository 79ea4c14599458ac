package web

import (
	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/form"
)

// saveAnswers saves the answers the person changed. The store merges them
// one by one under the response's lock with what others saved meanwhile:
// an answer another contributor changed since the person's copy started is
// not written but returned as a conflict, for the person to choose.
// Nothing is overwritten silently.
func (h *Handler) saveAnswers(c *gin.Context, who store.Saver, in []form.Answer) (*store.Merged, error) {
	return h.store.MergeDraft(c.Request.Context(), who,
		store.Draft{Answers: form.Changes(in), Language: answerLanguage(c)})
}

// answerLanguage is the language the person says they answer in, the
// page's when they say nothing.
func answerLanguage(c *gin.Context) string {
	if l := c.PostForm(form.LanguageName); l != "" {
		return l
	}
	return c.GetString(langKey)
}

// findAnswer returns the answer to a question among answers.
func findAnswer(answers []store.Answer, questionID int64) (store.Answer, bool) {
	for _, a := range answers {
		if a.QuestionID == questionID {
			return a, true
		}
	}
	return store.Answer{}, false
}

// langOption is one language a person may say they answer in.
type langOption struct {
	Code     string
	Name     string
	Selected bool
}

// answerLanguages returns the languages offered for answering: those in
// which every question of the set can be read, English first, with the
// page's language and chosen one among them; chosen is selected.
func answerLanguages(set *store.QuestionSet, page, chosen string) []langOption {
	var codes []string
	for _, code := range store.AnswerLanguages {
		every := true
		for _, q := range set.Questions {
			every = every && q.Text[code] != ""
		}
		if every || code == page || code == chosen {
			codes = append(codes, code)
		}
	}
	out := make([]langOption, 0, len(codes))
	for _, code := range codes {
		name := languageNames[code]
		if name == "" {
			name = code
		}
		out = append(out, langOption{Code: code, Name: name, Selected: code == chosen})
	}
	return out
}

// chosenLanguage is the language the form proposes to answer in: the one
// the person last wrote an answer in, else the page's.
func chosenLanguage(rc *respondentCtx, page string) string {
	var latest *store.Answer
	for i, a := range rc.Response.Answers {
		if a.UpdatedByID == rc.P.ContributorID && (latest == nil || a.Version > latest.Version) {
			latest = &rc.Response.Answers[i]
		}
	}
	if latest != nil && store.IsAnswerLanguage(latest.Language) {
		return latest.Language
	}
	if store.IsAnswerLanguage(page) {
		return page
	}
	return lang.Supported[0]
}
