// Package invitation reads invitation lists: spreadsheets (CSV in UTF-8 or
// UTF-16, or XLSX) with one row per person to invite, and writes the
// template, the States Parties starter list and the access links for a mail
// merge. It knows nothing of the database: the store checks the rows against
// the consultation and imports them.
package invitation

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Columns are the columns of an invitation list, in the template's order.
// Only audience, name and country are required; a file may hold them in any
// order, and other columns are ignored with a note. approver marks a
// contributor who clears the respondent's answers (see ParseApprover).
var Columns = []string{"audience", "kind", "name", "country", "contributor", "email", "language", "approver"}

var requiredColumns = []string{"audience", "name", "country"}

// Limits of a file: a size well above 10,000 rows, which is far more than
// a consultation invites.
const (
	MaxFileSize = 5 << 20
	MaxRows     = 10000
)

// Row is one person to invite, as the file gives it, with the line (or
// spreadsheet row) it came from.
type Row struct {
	Line        int    `json:"line"`
	Audience    string `json:"audience"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Country     string `json:"country"`
	Contributor string `json:"contributor"`
	Email       string `json:"email"`
	Language    string `json:"language"`
	Approver    string `json:"approver,omitempty"`
	// Problems are what must change before the row can be imported.
	Problems []Problem `json:"problems,omitempty"`
}

// Field returns the value of column name.
func (r *Row) Field(name string) *string {
	switch name {
	case "audience":
		return &r.Audience
	case "kind":
		return &r.Kind
	case "name":
		return &r.Name
	case "country":
		return &r.Country
	case "contributor":
		return &r.Contributor
	case "email":
		return &r.Email
	case "language":
		return &r.Language
	case "approver":
		return &r.Approver
	}
	return nil
}

// Problem is one thing wrong with a row: the column at fault, a stable code
// (the pages translate it) and an argument the message names.
type Problem struct {
	Field string `json:"field"`
	Code  string `json:"code"`
	Arg   string `json:"arg,omitempty"`
}

// problemMessages are the English messages of the command line and the API,
// completing a sentence whose subject is the column.
var problemMessages = map[string]string{
	"required":        "is required",
	"too_long":        "must be at most 200 characters",
	"control":         "must be on one line, without line breaks or control characters",
	"formula":         "is a formula (%s): type the value itself",
	"audience":        `must be "states-parties" or "survivors"`,
	"kind_state":      `must be "state" (or empty) for the States Parties question set`,
	"kind_survivors":  `must be "organisation" or "individual" (or empty)`,
	"country":         "must be the ISO 3166-1 alpha-2 code of a current country or territory, such as KH or CO (not %q)",
	"not_state_party": "%s is not in the list of States Parties",
	"email":           "must be an email address, such as name@example.org (not %q)",
	"language":        "must be en, fr, es, ar, ru or zh (not %q)",
	"approver":        "must be yes, true, 1 or x for an approver, or empty, no, false or 0 (not %q)",
	"duplicate":       "repeats the person of line %s",
	"second_state":    "names a second State for this country, which already has %s",
	"no_question_set": "this consultation has no %s question set",
}

// Message returns the problem in English, with the column named first.
func (p Problem) Message() string {
	msg, ok := problemMessages[p.Code]
	if !ok {
		msg = p.Code
	}
	if strings.Contains(msg, "%") {
		msg = fmt.Sprintf(msg, p.Arg)
	}
	return p.Field + " " + msg
}

// Messages returns every problem of the row in English, joined by "; ".
func (r *Row) Messages() string {
	out := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		out[i] = p.Message()
	}
	return strings.Join(out, "; ")
}

// Add records a problem with the row.
func (r *Row) Add(field, code, arg string) {
	r.Problems = append(r.Problems, Problem{Field: field, Code: code, Arg: arg})
}

// Has reports whether the row already has a problem in field.
func (r *Row) Has(field string) bool {
	for _, p := range r.Problems {
		if p.Field == field {
			return true
		}
	}
	return false
}

// CheckText refuses what no cell of a list may hold: line breaks and other
// control characters (which could forge the headers of an email carrying
// the name), and formulas, which a spreadsheet would run.
func CheckText(r *Row) {
	for _, col := range Columns {
		v := *r.Field(col)
		switch {
		case strings.HasPrefix(v, "="):
			r.Add(col, "formula", shorten(v))
		case strings.IndexFunc(v, unicode.IsControl) >= 0:
			r.Add(col, "control", "")
		}
	}
}

// shorten keeps a formula readable in a message.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:39]) + "…"
}

// FileError is a file that cannot be read as an invitation list at all.
// Code is stable (the pages translate it); Arg is what the message names.
type FileError struct {
	Code string
	Arg  string
}

var fileMessages = map[string]string{
	"too_large":       "The file is larger than 5 MiB: split it into several files.",
	"empty":           "The file is empty: it needs a header row (audience, kind, name, country, contributor, email, language, approver) and a row per person.",
	"encoding":        "The file is not UTF-8 text: save it as \"CSV UTF-8\" or \"Unicode text\", or as an Excel workbook (.xlsx).",
	"unreadable":      "The file cannot be read as CSV or as an Excel workbook (.xlsx): %s.",
	"missing_columns": "The header row lacks the column(s) %s: the first row must name the columns, as the template does.",
	"repeated_column": "The header row names the column %s twice.",
	"too_many_rows":   "The file has more than 10,000 rows: split it into several files.",
	"no_rows":         "The file has a header row but no one to invite.",
}

// ErrTooLarge matches, with errors.Is, the FileError of a file over
// MaxFileSize.
var ErrTooLarge = errors.New("invitation list too large")

// Unwrap returns ErrTooLarge for a file over MaxFileSize.
func (e *FileError) Unwrap() error {
	if e.Code == "too_large" {
		return ErrTooLarge
	}
	return nil
}

func (e *FileError) Error() string {
	msg, ok := fileMessages[e.Code]
	if !ok {
		return e.Code
	}
	if strings.Contains(msg, "%s") {
		return fmt.Sprintf(msg, e.Arg)
	}
	return msg
}

// File is an invitation list as read: its rows, and the columns ignored.
type File struct {
	Rows    []Row
	Ignored []string // header names that are not invitation columns
}
