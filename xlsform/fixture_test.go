package xlsform_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "write testdata/va-follow-up-2026.xlsx again")

// FollowUpFixture is a workbook as a form designer would make it in
// KoboToolbox: plain label columns in English beside French and Spanish,
// metadata rows, a follow-up consultation for 2026.
const followUpFixture = "testdata/va-follow-up-2026.xlsx"

func followUpWorkbook(t *testing.T) []byte {
	t.Helper()
	survey := [][]string{
		{"type", "name", "label", "label::French (fr)", "label::Spanish (es)", "hint", "hint::French (fr)", "hint::Spanish (es)", "required", "constraint", "relevant"},
		{"start", "start", "", "", "", "", "", "", "", "", ""},
		{"note", "context",
			"In 2012 the Co-Chairs asked how victim assistance is measured. This follow-up asks what has changed since.",
			"En 2012, les coprésidents ont demandé comment l’assistance aux victimes était mesurée. Ce suivi demande ce qui a changé depuis.",
			"En 2012, los Copresidentes preguntaron cómo se mide la asistencia a las víctimas. Este seguimiento pregunta qué ha cambiado desde entonces.",
			"", "", "", "", "", ""},
		{"begin_group", "states-parties", "States Parties", "États parties", "Estados Parte", "", "", "", "", "", ""},
		{"text", "tools", "What has changed in how you measure the impact of victim assistance since 2012?",
			"Qu’est-ce qui a changé depuis 2012 dans la manière dont vous mesurez l’impact de l’assistance aux victimes ?",
			"¿Qué ha cambiado desde 2012 en la forma en que mide el impacto de la asistencia a las víctimas?",
			"Name the tools you added or dropped.", "Citez les outils ajoutés ou abandonnés.", "Mencione las herramientas que añadió o abandonó.",
			"yes", "string-length(.) <= 8000", ""},
		{"text", "survivors_involved", "How are survivors involved in evaluating your programmes today?",
			"Comment les survivants participent-ils aujourd’hui à l’évaluation de vos programmes ?",
			"¿Cómo participan hoy los sobrevivientes en la evaluación de sus programas?",
			"", "", "", "no", "", ""},
		{"end_group", "", "", "", "", "", "", "", "", "", ""},
		{"begin_group", "survivors", "Survivors or their representative organisations", "Survivants ou organisations qui les représentent",
			"Sobrevivientes u organizaciones que los representan", "", "", "", "", "", ""},
		{"note", "intro", "Your answers help the Co-Chairs prepare the 2026 meeting.", "Vos réponses aident les coprésidents à préparer la réunion de 2026.",
			"Sus respuestas ayudan a los Copresidentes a preparar la reunión de 2026.", "", "", "", "", "", ""},
		{"select_one change", "change", "Has your daily life improved since 2012?", "Votre vie quotidienne s’est-elle améliorée depuis 2012 ?",
			"¿Ha mejorado su vida diaria desde 2012?", "", "", "", "yes", "", ""},
		{"text", "change_comment", "Tell us more", "Dites-nous en plus", "Cuéntenos más", "", "", "", "no", "string-length(.) <= 5000", "${change} != ''"},
		{"text", "priority", "What should States do first?", "Que devraient faire les États en premier ?", "¿Qué deberían hacer primero los Estados?",
			"", "", "", "yes", "", ""},
		{"end_group", "", "", "", "", "", "", "", "", "", ""},
		{"end", "end", "", "", "", "", "", "", "", "", ""},
	}
	choices := [][]string{
		{"list_name", "name", "label", "label::French (fr)", "label::Spanish (es)"},
		{"change", "better", "Better", "Mieux", "Mejor"},
		{"change", "same", "The same", "Pareil", "Igual"},
		{"change", "worse", "Worse", "Moins bien", "Peor"},
	}
	settings := [][]string{
		{"form_id", "form_title", "form_title::French (fr)", "form_title::Spanish (es)", "default_language", "time_zone", "self_registration"},
		{"va-follow-up-2026", "Victim assistance: what has changed since 2012",
			"Assistance aux victimes : ce qui a changé depuis 2012", "Asistencia a las víctimas: qué ha cambiado desde 2012",
			"English (en)", "Europe/Zurich", "yes"},
	}
	return workbook(t, map[string][][]string{"survey": survey, "choices": choices, "settings": settings})
}

// workbook returns an .xlsx with the sheets given, every cell a string.
func workbook(t *testing.T, sheets map[string][][]string) []byte {
	t.Helper()
	wb := excelize.NewFile()
	defer wb.Close()
	for _, name := range []string{"survey", "choices", "settings"} {
		rows, ok := sheets[name]
		if !ok {
			continue
		}
		if _, err := wb.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if err := wb.SetCellStr(name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := wb.DeleteSheet("Sheet1"); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := wb.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestFollowUpFixture keeps the workbook the other packages' tests load
// in step with its rows above: go test ./xlsform -run Fixture -update.
func TestFollowUpFixture(t *testing.T) {
	data := followUpWorkbook(t)
	if *update {
		if err := os.WriteFile(filepath.FromSlash(followUpFixture), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(followUpFixture); err != nil {
		t.Fatalf("%v: run go test ./xlsform -run Fixture -update", err)
	}
}
