// Package xlsform reads and writes consultations as XLSForm workbooks, the
// spreadsheet form standard of KoboToolbox and ODK, so that humanitarian
// staff can design a question set in the tools they know.
//
// The workbook has three sheets:
//
//   - survey: one row per question, with the columns type, name, label,
//     hint, required and constraint. Each audience is a group: a
//     begin_group row whose name is the audience (states-parties,
//     survivors) and whose label is the question set's title, the
//     questions, and an end_group row. Types are text, select_one LIST and
//     note. A note first in a group is the question set's introduction;
//     outside the groups, a note named context is the consultation's
//     context and one named meeting its meeting. A select_one followed by
//     a text row named like it with _comment (q1, q1_comment) is a single
//     choice with a comment. Question numbers follow the order of the
//     rows. A text's longest answer is its constraint,
//     string-length(.) <= 5000. On a row of the survivors group, the
//     answers_back_to column names the row of the states-parties group
//     that the question answers back to (q1).
//   - choices: list_name, name and label of each choice.
//   - settings: form_id (the consultation's slug), form_title,
//     default_language, and vaconsult's own opens_at, closes_at,
//     time_zone and self_registration, which form designers ignore.
//
// Texts in several languages are columns such as label::French (fr); a
// column without a language is in default_language (English when unset).
package xlsform

import (
	"fmt"
	"regexp"
	"strings"
)

// Sheet and column names.
const (
	SheetSurvey   = "survey"
	SheetChoices  = "choices"
	SheetSettings = "settings"
)

// columnAnswersBackTo is the survey column that, on a row of the survivors'
// group, names the row of the States Parties' group it answers back to.
const columnAnswersBackTo = "answers_back_to"

// commentSuffix ends the name of the text row that gives a single choice
// its comment.
const commentSuffix = "_comment"

// MaxFileSize is the largest workbook Read takes.
const MaxFileSize = 5 << 20

// languageNames are the names of the six official languages of the United
// Nations as column headers write them, in English and in themselves.
var languageNames = map[string]string{
	"english": "en", "french": "fr", "spanish": "es", "arabic": "ar", "chinese": "zh", "russian": "ru",
	"français": "fr", "francais": "fr", "español": "es", "espanol": "es", "العربية": "ar", "中文": "zh", "русский": "ru",
}

// headerNames are the English names written in the column headers.
var headerNames = map[string]string{
	"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic", "zh": "Chinese", "ru": "Russian",
}

var codeInParens = regexp.MustCompile(`\(([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?\)\s*$`)

// languageCode returns the language a header's suffix or the
// default_language setting names: "French (fr)", "fr" or "French".
func languageCode(name string) (string, bool) {
	name = strings.TrimSpace(name)
	if m := codeInParens.FindStringSubmatch(name); m != nil {
		return strings.ToLower(m[1]), true
	}
	lower := strings.ToLower(name)
	if _, ok := headerNames[lower]; ok {
		return lower, true
	}
	code, ok := languageNames[lower]
	return code, ok
}

// header returns the column header of field in language code.
func header(field, code string) string {
	return fmt.Sprintf("%s::%s (%s)", field, headerNames[code], code)
}

// Problem is one thing wrong in a workbook, at a row of a sheet where it
// concerns one.
type Problem struct {
	Sheet  string // "" for the workbook as a whole
	Row    int    // the spreadsheet's row number; 0 for the sheet as a whole
	Column string // the column's header, if the problem concerns one
	Code   string // what is wrong, for messages in the reader's language
	Arg    string // the value concerned
}

// messages say each problem in English, with %[1]s the column and %[2]s
// the value.
var messages = map[string]string{
	"not_workbook":        "the file is not an Excel workbook (.xlsx)",
	"no_sheet":            "the workbook has no %[2]s sheet",
	"no_column":           "the sheet has no %[1]s column",
	"unknown_type":        "type %[2]q is not one vaconsult takes: use text, select_one LIST, note, begin_group or end_group",
	"outside_group":       "a question outside a group: put it between the begin_group and end_group of its audience",
	"unknown_audience":    "group %[2]q is not an audience: name it states-parties or survivors",
	"nested_group":        "a group inside a group: end the previous one first",
	"unclosed_group":      "group %[2]q has no end_group",
	"stray_end":           "end_group without a begin_group",
	"duplicate_audience":  "a second group for %[2]q: put all its questions in one group",
	"empty_group":         "group %[2]q has no questions",
	"unknown_list":        "the choices sheet has no list %[2]q",
	"empty_list":          "list %[2]q has no choices",
	"missing_label":       "no label: every question, group, note and choice needs one",
	"missing_translation": "%[1]s is empty while the form is in this language: translate it, or remove the language",
	"unknown_language":    "column %[1]s names a language vaconsult does not know: use one such as label::French (fr)",
	"bad_required":        "required is %[2]q: write yes or no",
	"bad_constraint":      "constraint %[2]q cannot be read: vaconsult takes string-length(.) <= 5000 on a text",
	"misplaced_note":      "a note inside a group must come first in it: it introduces the question set",
	"top_note":            "a note outside the groups must be named context or meeting, not %[2]q",
	"missing_name":        "no name",
	"bad_setting":         "%[1]s %[2]q cannot be read",
	"unknown_pair":        "answers_back_to %[2]q names no question of the states-parties group: give the name of one of its rows",
	"no_form_id":          "no form_id: give the consultation's short name, such as va-follow-up-2026",
	"invalid":             "%[2]s",
}

// String says the problem in English, with where it is.
func (p Problem) String() string {
	msg := messages[p.Code]
	if strings.Contains(msg, "%") {
		msg = fmt.Sprintf(msg, p.Column, p.Arg)
	}
	switch {
	case p.Row > 0:
		return fmt.Sprintf("%s sheet, row %d: %s", p.Sheet, p.Row, msg)
	case p.Sheet != "":
		return fmt.Sprintf("%s sheet: %s", p.Sheet, msg)
	}
	return msg
}

// Error lists every problem of a workbook, so that all can be fixed in one
// pass.
type Error struct {
	Problems []Problem
}

// Error returns the problems, one per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return "invalid XLSForm: " + strings.Join(lines, "; ")
}
