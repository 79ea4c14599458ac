package xlsform

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
)

// commentLabels label the comment row of a single choice with a comment,
// which XLSForm needs and vaconsult's form words itself.
var commentLabels = questionset.Text{
	"en": "Tell us more", "fr": "Dites-nous en plus", "es": "Cuéntenos más",
	"ar": "أخبرونا بالمزيد", "zh": "请进一步说明", "ru": "Расскажите подробнее",
}

// Write writes f as an XLSForm workbook: reading it back gives f again,
// every text in every language.
func Write(w io.Writer, f *questionset.File) error {
	wb := excelize.NewFile()
	defer wb.Close()
	langs := languages(f)
	if err := writeSurvey(wb, f, langs); err != nil {
		return err
	}
	if err := writeChoices(wb, f, langs); err != nil {
		return err
	}
	if err := writeSettings(wb, f, langs); err != nil {
		return err
	}
	if err := wb.DeleteSheet("Sheet1"); err != nil {
		return err
	}
	_, err := wb.WriteTo(w)
	return err
}

// languages returns every language a text of f is in, English first.
func languages(f *questionset.File) []string {
	seen := map[string]bool{}
	add := func(t questionset.Text) {
		for code := range t {
			seen[code] = true
		}
	}
	add(f.Title)
	add(f.Meeting)
	add(f.Context)
	for _, s := range f.QuestionSets {
		add(s.Title)
		add(s.Intro)
		for _, q := range s.Questions {
			add(q.Text)
			add(q.Hint)
			for _, c := range q.Choices {
				add(c.Label)
			}
		}
	}
	out := []string{questionset.DefaultLanguage}
	for _, code := range slices.Sorted(maps.Keys(seen)) {
		if code != questionset.DefaultLanguage {
			out = append(out, code)
		}
	}
	return out
}

// sheet writes rows to a new sheet, every cell a string so that no value
// is taken for a number, a date or a formula.
func sheet(wb *excelize.File, name string, rows [][]string) error {
	if _, err := wb.NewSheet(name); err != nil {
		return err
	}
	sw, err := wb.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, row := range rows {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = excelize.Cell{Value: v}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func texts(t questionset.Text, langs []string) []string {
	out := make([]string, len(langs))
	for i, code := range langs {
		out[i] = t[code]
	}
	return out
}

func headers(field string, langs []string) []string {
	out := make([]string, len(langs))
	for i, code := range langs {
		out[i] = header(field, code)
	}
	return out
}

// surveyRow is one row of the survey sheet.
type surveyRow struct {
	typ, name                      string
	label, hint                    questionset.Text
	required, constraint, relevant string
	answersBackTo                  string
}

func writeSurvey(wb *excelize.File, f *questionset.File, langs []string) error {
	head := append([]string{"type", "name"}, headers("label", langs)...)
	head = append(head, headers("hint", langs)...)
	head = append(head, "required", "constraint", "relevant", columnAnswersBackTo)
	rows := [][]string{head}
	for _, r := range surveyRows(f) {
		row := append([]string{r.typ, r.name}, texts(r.label, langs)...)
		row = append(row, texts(r.hint, langs)...)
		rows = append(rows, append(row, r.required, r.constraint, r.relevant, r.answersBackTo))
	}
	return sheet(wb, SheetSurvey, rows)
}

func surveyRows(f *questionset.File) []surveyRow {
	rows := []surveyRow{{typ: "note", name: "context", label: f.Context}}
	if len(f.Meeting) > 0 {
		rows = append(rows, surveyRow{typ: "note", name: "meeting", label: f.Meeting})
	}
	for _, s := range f.QuestionSets {
		rows = append(rows, surveyRow{typ: "begin_group", name: string(s.Audience), label: s.Title})
		if len(s.Intro) > 0 {
			rows = append(rows, surveyRow{typ: "note", name: "intro", label: s.Intro})
		}
		for _, q := range s.Questions {
			rows = append(rows, questionRows(s.Audience, q, statesKeys(f))...)
		}
		rows = append(rows, surveyRow{typ: "end_group"})
	}
	return rows
}

func questionRows(audience domain.Audience, q questionset.Question, states map[int]string) []surveyRow {
	// A row's name is its question's key, which later cycles match it by.
	name := keyOr(q.Key, q.Number)
	r := surveyRow{typ: "text", name: name, label: q.Text, hint: q.Hint, required: "no"}
	if q.AnswersBackTo > 0 {
		// The States Parties' rows are named as this one is, by key.
		r.answersBackTo = keyOr(states[q.AnswersBackTo], q.AnswersBackTo)
	}
	if q.Required {
		r.required = "yes"
	}
	if q.Kind == questionset.KindText {
		r.constraint = maxLength(q.MaxLength)
		return []surveyRow{r}
	}
	r.typ = "select_one " + listName(audience, q.Number)
	if q.Kind == questionset.KindChoice {
		return []surveyRow{r}
	}
	comment := surveyRow{typ: "text", name: name + commentSuffix, label: commentLabels, required: "no",
		constraint: maxLength(q.MaxLength), relevant: "${" + name + "} != ''"}
	return []surveyRow{r, comment}
}

func questionName(number int) string {
	return fmt.Sprintf("q%d", number)
}

func maxLength(n int) string {
	if n == 0 {
		n = questionset.DefaultMaxLength
	}
	return fmt.Sprintf("string-length(.) <= %d", n)
}

func listName(audience domain.Audience, number int) string {
	return fmt.Sprintf("%s_q%d", audience, number)
}

func writeChoices(wb *excelize.File, f *questionset.File, langs []string) error {
	rows := [][]string{append([]string{"list_name", "name"}, headers("label", langs)...)}
	for _, s := range f.QuestionSets {
		for _, q := range s.Questions {
			for _, c := range q.Choices {
				rows = append(rows, append([]string{listName(s.Audience, q.Number), c.Value}, texts(c.Label, langs)...))
			}
		}
	}
	return sheet(wb, SheetChoices, rows)
}

func writeSettings(wb *excelize.File, f *questionset.File, langs []string) error {
	head := []string{"form_id"}
	head = append(head, headers("form_title", langs)...)
	head = append(head, "default_language", "opens_at", "closes_at", "time_zone", "self_registration", "follows")
	row := append([]string{f.Slug}, texts(f.Title, langs)...)
	row = append(row, headerNames[questionset.DefaultLanguage]+" ("+questionset.DefaultLanguage+")", timeCell(f.OpensAt, f.TimeZone),
		timeCell(f.ClosesAt, f.TimeZone), f.TimeZone, yes(f.SelfRegistration), f.Follows)
	return sheet(wb, SheetSettings, [][]string{head, row})
}

// timeCell writes a time with the offset of the consultation's zone, as
// people there read it.
func timeCell(t *time.Time, zone string) string {
	if t == nil {
		return ""
	}
	if loc, err := time.LoadLocation(zone); err == nil {
		return t.In(loc).Format(time.RFC3339)
	}
	return t.Format(time.RFC3339)
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
