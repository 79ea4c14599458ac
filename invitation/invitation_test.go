package invitation_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/vaconsult/vaconsult/invitation"
	"github.com/vaconsult/vaconsult/refdata"
)

const list = "audience,kind,name,country,contributor,email,language\r\n" +
	"states-parties,state,Colombia,CO,Ana Gómez,ana@example.org,es\r\n" +
	"survivors,organisation,جمعية الناجين,JO,رانيا,rania@example.org,ar\r\n"

func mustRead(t *testing.T, data []byte) *invitation.File {
	t.Helper()
	f, err := invitation.Read(data)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return f
}

func wantFileError(t *testing.T, data []byte, code string) {
	t.Helper()
	_, err := invitation.Read(data)
	var fe *invitation.FileError
	if !errors.As(err, &fe) || fe.Code != code {
		t.Fatalf("read: err = %v, want the file refused with %q", err, code)
	}
	if strings.TrimSpace(fe.Error()) == "" || fe.Error() == code {
		t.Fatalf("file error %q has no message", code)
	}
}

func wantRows(t *testing.T, f *invitation.File) {
	t.Helper()
	if len(f.Rows) != 2 {
		t.Fatalf("rows = %+v, want 2", f.Rows)
	}
	got := f.Rows[1]
	if got.Line != 3 || got.Name != "جمعية الناجين" || got.Contributor != "رانيا" || got.Country != "JO" || got.Language != "ar" {
		t.Fatalf("second row = %+v, want the Jordanian network on line 3", got)
	}
	if f.Rows[0].Name != "Colombia" || f.Rows[0].Contributor != "Ana Gómez" || len(f.Rows[0].Problems) != 0 {
		t.Fatalf("first row = %+v", f.Rows[0])
	}
}

func TestReadEncodings(t *testing.T) {
	t.Parallel()
	utf16le, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(strings.ReplaceAll(list, ",", "\t")))
	if err != nil {
		t.Fatal(err)
	}
	utf16be, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(list))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"UTF-8":                       []byte(list),
		"UTF-8 with BOM":              append([]byte("\xEF\xBB\xBF"), list...),
		"UTF-16 LE with BOM and tabs": utf16le,
		"UTF-16 BE with BOM":          utf16be,
		"semicolons":                  []byte(strings.ReplaceAll(list, ",", ";")),
	} {
		t.Run(name, func(t *testing.T) { wantRows(t, mustRead(t, data)) })
	}
	latin1, err := charmap.Windows1252.NewEncoder().Bytes([]byte("audience,name,country\nsurvivors,Asociación,CO\n"))
	if err != nil {
		t.Fatal(err)
	}
	wantFileError(t, latin1, "encoding")
}

func TestReadHeaderInAnyOrderAndStrayColumns(t *testing.T) {
	t.Parallel()
	data := "Email, Country ,Notes,NAME,audience,contributor\n" +
		"ana@example.org,co,call first,Colombia,states-parties,Ana\n"
	f := mustRead(t, []byte(data))
	if got := f.Rows[0]; got.Email != "ana@example.org" || got.Country != "co" || got.Name != "Colombia" || got.Contributor != "Ana" {
		t.Fatalf("row = %+v", got)
	}
	if len(f.Ignored) != 1 || f.Ignored[0] != "Notes" {
		t.Fatalf("ignored = %q, want [Notes]", f.Ignored)
	}
	wantFileError(t, []byte("audience,country,email\nsurvivors,CO,a@example.org\n"), "missing_columns")
	wantFileError(t, []byte("audience,name,name,country\n"), "repeated_column")
	wantFileError(t, []byte("audience,name,country\n\n"), "no_rows")
	wantFileError(t, []byte(" \n"), "empty")
}

func TestReadRefusesWhatCouldHarm(t *testing.T) {
	t.Parallel()
	data := "audience,name,country,contributor\n" +
		"survivors,\"Network\r\nBcc: all@example.org\",CO,Ana\n" +
		"survivors,=HYPERLINK(\"http://evil.example\"),CO,Ana\n" +
		"survivors,Fine,CO,Ana\n"
	f := mustRead(t, []byte(data))
	if p := f.Rows[0].Problems; len(p) != 1 || p[0].Field != "name" || p[0].Code != "control" || f.Rows[0].Line != 2 {
		t.Fatalf("row with a line break: line %d, problems %+v", f.Rows[0].Line, p)
	}
	if p := f.Rows[1].Problems; len(p) != 1 || p[0].Code != "formula" || f.Rows[1].Line != 4 {
		t.Fatalf("row with a formula: line %d, problems %+v", f.Rows[1].Line, p)
	}
	if !strings.Contains(f.Rows[1].Messages(), "name is a formula (=HYPERLINK") {
		t.Fatalf("formula message = %q", f.Rows[1].Messages())
	}
	if len(f.Rows[2].Problems) != 0 {
		t.Fatalf("a fine row has problems: %+v", f.Rows[2].Problems)
	}
}

func TestReadLimits(t *testing.T) {
	t.Parallel()
	big := bytes.Repeat([]byte("x"), invitation.MaxFileSize+1)
	wantFileError(t, big, "too_large")
	var b strings.Builder
	b.WriteString("audience,name,country\n")
	for range invitation.MaxRows + 1 {
		b.WriteString("survivors,N,CO\n")
	}
	wantFileError(t, []byte(b.String()), "too_many_rows")
}

func TestReadXLSX(t *testing.T) {
	t.Parallel()
	x := excelize.NewFile()
	sheet := x.GetSheetName(0)
	rows := [][]any{
		{"name", "audience", "country", "contributor", "email", "language", "remarks"},
		{"Colombia", "states-parties", "CO", "Ana Gómez", "ana@example.org", "es", "x"},
		{"Network", "survivors", "JO", nil, nil, nil, nil},
		{"Total", "survivors", "JO", nil, nil, nil, nil},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.SetCellFormula(sheet, "A4", `CONCAT("Net","work")`); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f := mustRead(t, buf.Bytes())
	if len(f.Rows) != 3 || f.Rows[0].Contributor != "Ana Gómez" || f.Rows[1].Line != 3 || f.Rows[1].Country != "JO" {
		t.Fatalf("rows = %+v", f.Rows)
	}
	if p := f.Rows[2].Problems; len(p) != 1 || p[0].Code != "formula" || !strings.Contains(p[0].Arg, "CONCAT") {
		t.Fatalf("formula cell: %+v, want it read as its text and refused", f.Rows[2])
	}
	if len(f.Ignored) != 1 || f.Ignored[0] != "remarks" {
		t.Fatalf("ignored = %q", f.Ignored)
	}
	wantFileError(t, []byte("PK\x03\x04not a workbook"), "unreadable")
}

func TestTemplateAndStarterListReadBack(t *testing.T) {
	t.Parallel()
	var tpl bytes.Buffer
	if err := invitation.WriteTemplate(&tpl); err != nil {
		t.Fatal(err)
	}
	f := mustRead(t, tpl.Bytes())
	if len(f.Rows) != 1 || f.Rows[0].Country != "KH" || len(f.Ignored) != 0 {
		t.Fatalf("template reads back as %+v", f)
	}
	countries, err := refdata.StatesParties()
	if err != nil {
		t.Fatal(err)
	}
	var starter bytes.Buffer
	if err := invitation.WriteStatesParties(&starter, countries); err != nil {
		t.Fatal(err)
	}
	f = mustRead(t, starter.Bytes())
	if len(f.Rows) != 160 || len(f.Ignored) != 1 || f.Ignored[0] != "region" {
		t.Fatalf("starter list: %d rows, ignored %q; want the 160 States Parties of today and the region noted", len(f.Rows), f.Ignored)
	}
	if !strings.Contains(starter.String(), "Afghanistan,AF,,,,,East & South Asia & Pacific") {
		t.Fatalf("starter list lacks Afghanistan's row with its region:\n%.300s", starter.String())
	}
}

func TestWriteLinksDefusesFormulas(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	err := invitation.WriteLinks(&b, []invitation.Link{{Name: "=cmd", Contributor: "+Ana", Email: "a@example.org", Language: "es", URL: "https://x/r/t"}})
	if err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFname,contributor,email,language,link\r\n'=cmd,'+Ana,a@example.org,es,https://x/r/t\r\n"
	if b.String() != want {
		t.Fatalf("links file = %q, want %q", b.String(), want)
	}
}
