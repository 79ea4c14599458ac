package export_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
)

// Answers that a spreadsheet would take for formulas, were they not text.
var formulaLike = []string{"- bullet", "=1+2", "+33 1 23", "@here", "\tleading tab", "-STATE-TEXT: we count"}

func TestXLSXCellsShowWhatWasWritten(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	countries := []string{"AF", "AL", "DZ", "AO", "AR", "AU"}
	for i, text := range formulaLike {
		submit(t, st, store.NewRespondent{Audience: "states-parties", Name: "State " + countries[i], Country: countries[i]},
			"named", "en", text)
	}
	for _, v := range []export.Variant{export.Public, export.Internal} {
		b := run(t, st, export.XLSX, v)
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]bool{}
		for _, sheet := range x.GetSheetList() {
			rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			for r, row := range rows {
				for c := range row {
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					if f, err := x.GetCellFormula(sheet, cell); err != nil || f != "" {
						t.Errorf("%s %s!%s has a formula %q (%v)", v, sheet, cell, f, err)
					}
					value, err := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
					if err != nil {
						t.Fatal(err)
					}
					found[value] = true
				}
			}
		}
		for _, want := range formulaLike {
			if !found[want] {
				t.Errorf("%s workbook: no cell holds exactly %q", v, want)
			}
		}
		x.Close()
	}
}
