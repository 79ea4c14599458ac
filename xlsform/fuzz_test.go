package xlsform_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/vaconsult/vaconsult/xlsform"
)

// FuzzRead changes one cell of a valid workbook and reads it: whatever the
// cell holds, Read must not panic, and a workbook it accepts must be a valid
// consultation that writes out and reads back unchanged. Mutating cells of a
// real workbook reaches the reader's logic, where random bytes would stop at
// the zip layer.
func FuzzRead(f *testing.F) {
	data, err := os.ReadFile(followUpFixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(uint8(0), uint8(2), uint8(0), "select_one yes_no")
	f.Add(uint8(0), uint8(3), uint8(1), "q2")
	f.Add(uint8(0), uint8(1), uint8(0), "end_group")
	f.Add(uint8(1), uint8(2), uint8(2), "")
	f.Add(uint8(2), uint8(2), uint8(0), "a b")
	f.Add(uint8(0), uint8(4), uint8(5), "string-length(.) <= 0")
	f.Add(uint8(0), uint8(2), uint8(2), "\x00\xff")
	sheets := []string{xlsform.SheetSurvey, xlsform.SheetChoices, xlsform.SheetSettings}
	f.Fuzz(func(t *testing.T, sheet, row, col uint8, value string) {
		wb, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		cell, err := excelize.CoordinatesToCellName(int(col%12)+1, int(row%40)+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := wb.SetCellStr(sheets[int(sheet)%len(sheets)], cell, value); err != nil {
			return // a value excelize itself refuses never reaches a workbook
		}
		var in bytes.Buffer
		if err := wb.Write(&in); err != nil {
			return
		}
		file, err := xlsform.Read(in.Bytes())
		if err != nil {
			return
		}
		if err := file.Validate(); err != nil {
			t.Fatalf("Read accepted a consultation that does not validate: %v", err)
		}
		var out bytes.Buffer
		if err := xlsform.Write(&out, file); err != nil {
			t.Fatalf("write back: %v", err)
		}
		back, err := xlsform.Read(out.Bytes())
		if err != nil {
			t.Fatalf("read back what Write wrote: %v", err)
		}
		if got, want := asJSON(t, back), asJSON(t, file); got != want {
			t.Fatalf("round trip changed the consultation:\n got %s\nwant %s", got, want)
		}
	})
}
