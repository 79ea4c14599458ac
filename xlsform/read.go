package xlsform

import (
	"bytes"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vaconsult/vaconsult/questionset"
)

// metadata are the XLSForm types a form designer adds for the device's own
// records; they ask the respondent nothing, and vaconsult skips them.
var metadata = map[string]bool{
	"start": true, "end": true, "today": true, "deviceid": true, "phonenumber": true, "username": true,
	"email": true, "audit": true, "simserial": true, "subscriberid": true, "start-geopoint": true,
}

var (
	lengthConstraint = regexp.MustCompile(`^string-length\(\s*\.\s*\)\s*<=\s*(\d+)$`)
	choiceName       = regexp.MustCompile(`^[a-z0-9_]+$`)
)

// reader collects problems instead of stopping at the first one.
type reader struct {
	problems []Problem
	langs    []string // the form's languages: those of its label columns
}

func (r *reader) add(p Problem) { r.problems = append(r.problems, p) }

// Read reads a consultation from an XLSForm workbook. On failure it
// returns nil and an *Error listing every problem, row by row: nothing of
// a workbook with a problem is half-read.
func Read(data []byte) (*questionset.File, error) {
	if len(data) > MaxFileSize {
		return nil, &Error{Problems: []Problem{{Code: "not_workbook"}}}
	}
	wb, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, &Error{Problems: []Problem{{Code: "not_workbook"}}}
	}
	defer wb.Close()
	var r reader
	f := &questionset.File{Format: questionset.Format}
	lang := r.readSettings(wb, f)
	survey := r.readTable(wb, SheetSurvey, lang)
	choices := r.readTable(wb, SheetChoices, lang)
	if survey == nil {
		r.add(Problem{Code: "no_sheet", Arg: SheetSurvey})
	} else {
		r.formLanguages(survey, choices)
		lists := r.readChoices(choices)
		r.readSurvey(survey, lists, f)
	}
	if len(r.problems) > 0 {
		return nil, &Error{Problems: r.problems}
	}
	if err := f.Validate(); err != nil {
		var v *questionset.ValidationError
		if !errors.As(err, &v) {
			return nil, err
		}
		for _, p := range v.Problems {
			r.add(Problem{Code: "invalid", Arg: p})
		}
		return nil, &Error{Problems: r.problems}
	}
	return f, nil
}

// readSettings reads the settings sheet into f and returns the default
// language.
func (r *reader) readSettings(wb *excelize.File, f *questionset.File) string {
	lang := questionset.DefaultLanguage
	t := r.readTable(wb, SheetSettings, lang)
	if t == nil {
		r.add(Problem{Code: "no_sheet", Arg: SheetSettings})
		return lang
	}
	var row []string
	if len(t.rows) > 0 {
		row = t.rows[0]
	}
	if dl := t.cell(row, "default_language"); dl != "" {
		code, ok := languageCode(dl)
		if !ok {
			r.add(Problem{Sheet: SheetSettings, Row: 2, Column: "default_language", Code: "bad_setting", Arg: dl})
		} else if code != lang {
			// Read again: the plain columns are in this language.
			lang = code
			t = r.readTable(wb, SheetSettings, lang)
		}
	}
	f.Slug = t.cell(row, "form_id")
	if f.Slug == "" {
		r.add(Problem{Sheet: SheetSettings, Row: 2, Column: "form_id", Code: "no_form_id"})
	}
	f.Title = t.text(row, "form_title")
	f.Follows = t.cell(row, "follows")
	f.TimeZone = t.cell(row, "time_zone")
	f.OpensAt = r.timeSetting(t, row, "opens_at")
	f.ClosesAt = r.timeSetting(t, row, "closes_at")
	if v := t.cell(row, "self_registration"); v != "" {
		b, ok := yesNo(v)
		if !ok {
			r.add(Problem{Sheet: SheetSettings, Row: 2, Column: "self_registration", Code: "bad_setting", Arg: v})
		}
		f.SelfRegistration = b
	}
	return lang
}

func (r *reader) timeSetting(t *table, row []string, col string) *time.Time {
	v := t.cell(row, col)
	if v == "" {
		return nil
	}
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		r.add(Problem{Sheet: SheetSettings, Row: 2, Column: col, Code: "bad_setting", Arg: v})
		return nil
	}
	return &at
}

// formLanguages notes the languages of the label columns, English first;
// every label and hint must be in each of them.
func (r *reader) formLanguages(tables ...*table) {
	seen := map[string]bool{}
	for _, t := range tables {
		if t != nil {
			for code := range t.texts["label"] {
				seen[code] = true
			}
		}
	}
	others := slices.Sorted(maps.Keys(seen))
	if !seen[questionset.DefaultLanguage] {
		r.add(Problem{Sheet: SheetSurvey, Row: 1, Column: header("label", "en"), Code: "no_column"})
	}
	r.langs = []string{questionset.DefaultLanguage}
	for _, code := range others {
		if code != questionset.DefaultLanguage {
			r.langs = append(r.langs, code)
		}
	}
}

// texts returns the texts of col in row, reporting every language of the
// form that lacks one when any has one.
func (r *reader) texts(t *table, row []string, rowNum int, col string) questionset.Text {
	out := t.text(row, col)
	if len(out) == 0 {
		return nil
	}
	for _, code := range r.langs {
		if out[code] == "" {
			r.add(Problem{Sheet: t.name, Row: rowNum, Column: t.head(col, code), Code: "missing_translation"})
		}
	}
	return out
}

// list is one list of the choices sheet.
type list struct {
	choices []questionset.Choice
}

func (r *reader) readChoices(t *table) map[string]*list {
	lists := map[string]*list{}
	if t == nil {
		return lists
	}
	for i, row := range t.rows {
		rowNum := i + 2
		if empty(row) {
			continue
		}
		name, value := t.cell(row, "list_name"), t.cell(row, "name")
		if value == "" {
			r.add(Problem{Sheet: SheetChoices, Row: rowNum, Column: "name", Code: "missing_name"})
		} else if !choiceName.MatchString(value) {
			r.add(Problem{Sheet: SheetChoices, Row: rowNum, Column: "name", Code: "invalid",
				Arg: strconv.Quote(value) + " must be lowercase letters, digits and underscores"})
		}
		label := r.texts(t, row, rowNum, "label")
		if len(label) == 0 {
			r.add(Problem{Sheet: SheetChoices, Row: rowNum, Column: "label", Code: "missing_label"})
		}
		if lists[name] == nil {
			lists[name] = &list{}
		}
		lists[name].choices = append(lists[name].choices, questionset.Choice{Value: value, Label: label})
	}
	return lists
}

// yesNo reads XLSForm's ways of writing a yes or a no.
func yesNo(v string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "true", "true()", "1", "y":
		return true, true
	case "", "no", "false", "false()", "0", "n":
		return false, true
	}
	return false, false
}
