package xlsform_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/xlsform"
)

func TestReadFollowUp(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(followUpFixture)
	if err != nil {
		t.Fatal(err)
	}
	f, err := xlsform.Read(data)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if got, want := f.Slug, "va-follow-up-2026"; got != want {
		t.Errorf("slug = %q, want %q", got, want)
	}
	if got, want := f.Title["fr"], "Assistance aux victimes : ce qui a changé depuis 2012"; got != want {
		t.Errorf("French title = %q, want %q", got, want)
	}
	if got, want := strings.Join(f.Languages(), " "), "en es fr"; got != want {
		t.Errorf("languages = %q, want %q", got, want)
	}
	if !f.SelfRegistration || f.TimeZone != "Europe/Zurich" {
		t.Errorf("settings = %v %q, want self-registration in Europe/Zurich", f.SelfRegistration, f.TimeZone)
	}
	sp, sv := f.QuestionSets[0], f.QuestionSets[1]
	if sp.Audience != "states-parties" || len(sp.Questions) != 2 || sv.Audience != "survivors" || len(sv.Questions) != 2 {
		t.Fatalf("question sets = %+v", f.QuestionSets)
	}
	q1 := sp.Questions[0]
	if q1.Kind != "text" || !q1.Required || q1.MaxLength != 8000 || q1.Hint["es"] != "Mencione las herramientas que añadió o abandonó." {
		t.Errorf("states-parties question 1 = %+v", q1)
	}
	if q2 := sp.Questions[1]; q2.Required || q2.MaxLength != questionset.DefaultMaxLength || q2.Number != 2 {
		t.Errorf("states-parties question 2 = %+v", q2)
	}
	change := sv.Questions[0]
	if change.Kind != "choice_comment" || change.MaxLength != 5000 || len(change.Choices) != 3 ||
		change.Choices[2].Label["fr"] != "Moins bien" {
		t.Errorf("survivors question 1 = %+v", change)
	}
	if sv.Intro["es"] != "Sus respuestas ayudan a los Copresidentes a preparar la reunión de 2026." {
		t.Errorf("survivors intro = %v", sv.Intro)
	}
	if sv.Questions[1].Number != 2 || sv.Questions[1].Kind != "text" {
		t.Errorf("survivors question 2 = %+v", sv.Questions[1])
	}
}

// The 2012 consultation, in four languages, survives a round trip
// through XLSForm with every text and setting.
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := xlsform.Write(&b, f); err != nil {
		t.Fatal(err)
	}
	back, err := xlsform.Read(b.Bytes())
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	if got, want := asJSON(t, back), asJSON(t, f); got != want {
		t.Errorf("round trip changed the consultation:\n got %s\nwant %s", got, want)
	}
}

func asJSON(t *testing.T, f *questionset.File) string {
	t.Helper()
	c := *f
	if c.OpensAt != nil {
		u := c.OpensAt.UTC()
		c.OpensAt = &u
	}
	if c.ClosesAt != nil {
		u := c.ClosesAt.UTC()
		c.ClosesAt = &u
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Every problem is reported with its row, and nothing is returned.
func TestReadProblemsRowByRow(t *testing.T) {
	t.Parallel()
	survey := [][]string{
		{"type", "name", "label", "label::French (fr)", "hint", "hint::French (fr)", "required"},
		{"note", "context", "Context.", "Contexte.", "", "", ""},
		{"text", "early", "Outside any group?", "Hors groupe ?", "", "", ""},
		{"begin_group", "states-parties", "States Parties", "États parties", "", "", ""},
		{"integer", "age", "How old?", "Quel âge ?", "", "", ""},
		{"text", "q1", "What changed?", "", "", "", "yes"},
		{"text", "q2", "Who decides?", "Qui décide ?", "A hint.", "", "perhaps"},
		{"select_one nolist", "q3", "Which?", "Lequel ?", "", "", ""},
		{"end_group", "", "", "", "", "", ""},
		{"begin_group", "donors", "Donors", "Donateurs", "", "", ""},
		{"text", "d1", "Why?", "Pourquoi ?", "", "", ""},
		{"end_group", "", "", "", "", "", ""},
	}
	settings := [][]string{{"form_id", "form_title", "form_title::French (fr)"}, {"bad-2026", "Title", "Titre"}}
	data := workbook(t, map[string][][]string{"survey": survey, "settings": settings})
	f, err := xlsform.Read(data)
	if f != nil {
		t.Errorf("read returned a consultation despite its problems: %+v", f)
	}
	var xe *xlsform.Error
	if !errors.As(err, &xe) {
		t.Fatalf("err = %v, want an *xlsform.Error", err)
	}
	want := []string{
		"survey sheet, row 3: a question outside a group",
		`survey sheet, row 5: type "integer" is not one vaconsult takes`,
		"survey sheet, row 6: label::French (fr) is empty while the form is in this language",
		"survey sheet, row 7: hint::French (fr) is empty while the form is in this language",
		`survey sheet, row 7: required is "perhaps"`,
		`survey sheet, row 8: the choices sheet has no list "nolist"`,
		`survey sheet, row 10: group "donors" is not an audience`,
	}
	got := xe.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("problems lack %q:\n%s", w, strings.ReplaceAll(got, "; ", "\n"))
		}
	}
	if n := len(xe.Problems); n != len(want) {
		t.Errorf("%d problems, want %d:\n%s", n, len(want), strings.ReplaceAll(got, "; ", "\n"))
	}
}

func TestReadNotAWorkbook(t *testing.T) {
	t.Parallel()
	_, err := xlsform.Read([]byte("format: vaconsult/consultation/v1\n"))
	var xe *xlsform.Error
	if !errors.As(err, &xe) || xe.Problems[0].Code != "not_workbook" {
		t.Fatalf("err = %v, want not_workbook", err)
	}
}

// The 2012 pairs are written as an answers_back_to column naming the
// States' row, and read back from it.
func TestRoundTripPairs(t *testing.T) {
	t.Parallel()
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := xlsform.Write(&b, f); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.GetRows("survey")
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "answers_back_to")
	if col < 0 {
		t.Fatalf("survey header %q has no answers_back_to column", rows[0])
	}
	var cells []string
	for _, r := range rows[1:] {
		if len(r) > col && r[col] != "" {
			cells = append(cells, r[1]+"→"+r[col])
		}
	}
	if got, want := strings.Join(cells, " "), "q1→q1 q3→q4"; got != want {
		t.Errorf("answers_back_to cells = %q, want %q", got, want)
	}
	back, err := xlsform.Read(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, q := range back.QuestionSets[1].Questions {
		got = append(got, q.AnswersBackTo)
	}
	if want := []int{1, 0, 4}; !slices.Equal(got, want) {
		t.Errorf("survivors' questions answer back to %v, want %v", got, want)
	}
}

// A survivors' row names its States' row, wherever the groups stand; a
// name of no States' row is reported with its row.
func TestReadPairs(t *testing.T) {
	t.Parallel()
	survey := func(pair string) [][]string {
		return [][]string{
			{"type", "name", "label", "answers_back_to"},
			{"note", "context", "Context.", ""},
			{"begin_group", "survivors", "Survivors", ""},
			{"text", "felt", "Did you feel it?", pair},
			{"end_group", "", "", ""},
			{"begin_group", "states-parties", "States Parties", ""},
			{"text", "tools", "Which tools?", ""},
			{"text", "impact", "What impact?", ""},
			{"end_group", "", "", ""},
		}
	}
	settings := [][]string{{"form_id", "form_title"}, {"pairs-2026", "Title"}}
	f, err := xlsform.Read(workbook(t, map[string][][]string{"survey": survey("impact"), "settings": settings}))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.QuestionSets[0].Questions[0].AnswersBackTo; got != 2 {
		t.Errorf("answers back to %d, want 2", got)
	}
	_, err = xlsform.Read(workbook(t, map[string][][]string{"survey": survey("felt"), "settings": settings}))
	if want := `survey sheet, row 4: answers_back_to "felt" names no question of the states-parties group`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}
