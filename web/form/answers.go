// Package form reads the pages' forms into values the handlers pass to the
// store, and names the fields of the question form. It checks nothing:
// the rules are the store's, which names each wrong field.
package form

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

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

// Input returns the answer as the store takes it, with the version it
// started from, against which the store merges it.
func (a Answer) Input() store.AnswerInput {
	return store.AnswerInput{QuestionID: a.QuestionID, Choice: a.Choice, Text: a.Text, Base: a.BaseVersion, Based: true}
}

// Changes returns the answers to save: those the person changed, except
// where, shown a conflict, they chose to keep the other version.
func Changes(answers []Answer) []store.AnswerInput {
	var out []store.AnswerInput
	for _, a := range answers {
		if a.Edited() && !a.KeepTheirs {
			out = append(out, a.Input())
		}
	}
	return out
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

// LanguageName is the name and id of the list where the person says which
// language they are answering in.
const LanguageName = "answer-lang"

// ResolveName is the name of the radio group that settles a conflict:
// "mine" or "theirs".
func ResolveName(id int64) string { return fmt.Sprintf("q-%d-resolve", id) }

// ComparedName is the name of the hidden field a compared answer carries,
// so that a form sent without a choice for it is known and refused.
func ComparedName(id int64) string { return fmt.Sprintf("q-%d-compared", id) }

var comparedNameRE = regexp.MustCompile(`^q-(\d+)-compared$`)

// Undecided returns the questions whose versions the form compared but
// for which no version was chosen, by id.
func Undecided(v url.Values) map[int64]bool {
	out := map[int64]bool{}
	for name := range v {
		m := comparedNameRE.FindStringSubmatch(name)
		if m == nil {
			continue
		}
		id, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || id <= 0 {
			continue
		}
		if r := v.Get(ResolveName(id)); r != "mine" && r != "theirs" {
			out[id] = true
		}
	}
	return out
}

// ParseAnswers reads the answer to each question from the form values.
// Browsers send a textarea's line breaks as CR LF; they are kept as LF, as
// the page's script counts them.
func ParseAnswers(v url.Values, questions []store.Question) []Answer {
	out := make([]Answer, 0, len(questions))
	for _, q := range questions {
		a := parseAnswer(v, q.ID)
		if !q.TakesChoice() {
			a.Choice = ""
		}
		if !q.TakesText() {
			a.Text = ""
		}
		out = append(out, a)
	}
	return out
}

var hashNameRE = regexp.MustCompile(`^q-(\d+)-h$`)

// ParseDraft reads the answer to each question the form carries, found by
// the hidden field of its starting hash, in the order of the questions'
// ids. It needs no question set: the store checks every answer against
// its question as it saves.
func ParseDraft(v url.Values) []Answer {
	var ids []int64
	for name := range v {
		if m := hashNameRE.FindStringSubmatch(name); m != nil {
			if id, err := strconv.ParseInt(m[1], 10, 64); err == nil && id > 0 {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	out := make([]Answer, 0, len(ids))
	for _, id := range ids {
		out = append(out, parseAnswer(v, id))
	}
	return out
}

func parseAnswer(v url.Values, id int64) Answer {
	a := Answer{QuestionID: id, BaseHash: v.Get(HashName(id)),
		Choice: strings.TrimSpace(v.Get(ChoiceName(id))),
		Text:   strings.ReplaceAll(v.Get(TextName(id)), "\r\n", "\n")}
	a.BaseVersion, _ = strconv.Atoi(v.Get(VersionName(id)))
	a.KeepTheirs = v.Get(ResolveName(id)) == "theirs"
	return a
}
