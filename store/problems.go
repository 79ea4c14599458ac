package store

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/vaconsult/vaconsult/web/locales"
)

// Problem is what is wrong with one field of a request, as a message key
// of the catalogs (web/locales) and its arguments, so that the pages and
// the API say it in the reader's language.
type Problem struct {
	// Field names the field as the API does: "name", "country",
	// "attribution", "lang", or a question's id.
	Field string
	// Question is the id of the question the problem is about, 0 when it
	// is about no question.
	Question int64
	// Choice says the problem is with the question's choice rather than
	// its text.
	Choice bool
	Key    string
	Args   []any
}

// ValidationError is a request that breaks the rules of answers,
// submissions or registrations: every wrong field, each with its problem.
// Nothing was changed.
type ValidationError struct {
	Code     string // for clients: invalid_answers, missing_answers, validation_failed
	Key      string // the message key of the whole error
	Problems []Problem
}

// Error returns the error in English, with each field's problem.
func (e *ValidationError) Error() string {
	t := English()
	fields := e.Fields(t)
	parts := make([]string, 0, len(fields))
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		parts = append(parts, f+": "+fields[f])
	}
	return fmt.Sprintf("%s (%s)", t(e.Key), strings.Join(parts, "; "))
}

// Unwrap makes every validation error match ErrValidation.
func (e *ValidationError) Unwrap() error { return ErrValidation }

// Translator returns the text of a message key with its arguments.
type Translator func(key string, args ...any) string

// Fields returns each wrong field's problem in t's words. A field with
// several problems gets them all, one sentence after the other.
func (e *ValidationError) Fields(t Translator) map[string]string {
	out := make(map[string]string, len(e.Problems))
	for _, p := range e.Problems {
		msg := t(p.Key, p.Args...)
		if prev, ok := out[p.Field]; ok {
			msg = prev + " " + msg
		}
		out[p.Field] = msg
	}
	return out
}

// Has reports whether some problem names field.
func (e *ValidationError) Has(field string) bool {
	return slices.ContainsFunc(e.Problems, func(p Problem) bool { return p.Field == field })
}

// add records a problem.
func (e *ValidationError) add(p Problem) { e.Problems = append(e.Problems, p) }

// orNil returns e when it has problems, nil otherwise.
func (e *ValidationError) orNil() error {
	if len(e.Problems) == 0 {
		return nil
	}
	return e
}

// English returns the translator of the English catalog, in which the
// command line and the logs say what is wrong.
func English() Translator { return english().T }

var english = sync.OnceValue(func() *locales.Printer { return locales.NewPrinter(locales.Embedded(), "en") })
