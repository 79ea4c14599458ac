// Package form reads the pages' forms into values the handlers pass to the
// store, and checks them, naming each wrong field by its id in the page.
package form

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vaconsult/vaconsult/store"
)

// Answer is one question's answer as the form sent it, with the version and
// hash of the answer the person's copy started from, which tell whether
// they changed it and whether someone else did meanwhile.
type Answer struct {
	QuestionID  int64
	Choice      string
	Text        string
	BaseVersion int
	BaseHash    string
	// KeepTheirs is set when, shown a conflict, the person chose the text
	// another contributor saved over their own.
	KeepTheirs bool
}

// Input returns the answer as the store takes it.
func (a Answer) Input() store.AnswerInput {
	return store.AnswerInput{QuestionID: a.QuestionID, Choice: a.Choice, Text: a.Text}
}

// Edited reports whether the person changed the answer from their copy's
// starting point.
func (a Answer) Edited() bool { return Hash(a.Choice, a.Text) != a.BaseHash }

// Hash identifies an answer's content, so that the form can carry the
// answer it started from without carrying its whole text twice.
func Hash(choice, text string) string {
	sum := sha256.Sum256([]byte(choice + "\x00" + text))
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// ChoiceName is the name of a question's radio group.
func ChoiceName(id int64) string { return fmt.Sprintf("q-%d-choice", id) }

// TextName is the name and id of a question's text box.
func TextName(id int64) string { return fmt.Sprintf("q-%d-text", id) }

// VersionName is the name of the hidden field that carries the version of
// the answer the person's copy started from.
func VersionName(id int64) string { return fmt.Sprintf("q-%d-v", id) }

// HashName is the name of the hidden field that carries the hash of that
// answer.
func HashName(id int64) string { return fmt.Sprintf("q-%d-h", id) }

// ResolveName is the name of the radio group that settles a conflict:
// "mine" or "theirs".
func ResolveName(id int64) string { return fmt.Sprintf("q-%d-resolve", id) }

// ParseAnswers reads the answer to each question from the form values.
// Browsers send a textarea's line breaks as CR LF; they are kept as LF, as
// the page's script counts them.
func ParseAnswers(v url.Values, questions []store.Question) []Answer {
	out := make([]Answer, 0, len(questions))
	for _, q := range questions {
		a := Answer{QuestionID: q.ID, BaseHash: v.Get(HashName(q.ID))}
		if q.TakesChoice() {
			a.Choice = strings.TrimSpace(v.Get(ChoiceName(q.ID)))
		}
		if q.TakesText() {
			a.Text = strings.ReplaceAll(v.Get(TextName(q.ID)), "\r\n", "\n")
		}
		a.BaseVersion, _ = strconv.Atoi(v.Get(VersionName(q.ID)))
		a.KeepTheirs = v.Get(ResolveName(q.ID)) == "theirs"
		out = append(out, a)
	}
	return out
}

// Problem is a wrong field: the id of the input to link to, a message key
// and the message's arguments.
type Problem struct {
	Field string
	Key   string
	Args  []any
}

// CheckAnswers returns a problem for each answer the store would refuse:
// too long, not a choice offered, or not valid text.
func CheckAnswers(answers []Answer, questions []store.Question) []Problem {
	var out []Problem
	for i, a := range answers {
		q := questions[i]
		switch {
		case !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, 0):
			out = append(out, Problem{Field: TextName(q.ID), Key: "form.error.invalid_text", Args: []any{q.Number}})
		case a.Choice != "" && !q.HasChoice(a.Choice):
			out = append(out, Problem{Field: ChoiceName(q.ID), Key: "form.error.choice", Args: []any{q.Number}})
		case utf8.RuneCountInString(a.Text) > q.MaxLength:
			out = append(out, Problem{Field: TextName(q.ID), Key: "form.error.too_long",
				Args: []any{q.Number, q.MaxLength, utf8.RuneCountInString(a.Text) - q.MaxLength}})
		}
	}
	return out
}
