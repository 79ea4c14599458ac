package invitation

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Read reads an invitation list from data: an Excel workbook (its first
// sheet) when data is one, else CSV in UTF-8 (with or without a byte order
// mark) or UTF-16 with a byte order mark (Excel's "Unicode text"), with
// commas, semicolons or tabs between the columns. It returns a *FileError
// when the file cannot be used at all; problems of single rows are in each
// Row's Problems.
func Read(data []byte) (*File, error) {
	if len(data) > MaxFileSize {
		return nil, &FileError{Code: "too_large"}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &FileError{Code: "empty"}
	}
	var records [][]string
	var lines []int
	var err error
	if isZip(data) {
		records, lines, err = readXLSX(data)
	} else {
		records, lines, err = readCSV(data)
	}
	if err != nil {
		return nil, err
	}
	return fromRecords(records, lines)
}

// isZip reports whether data starts as a ZIP archive does, as every .xlsx.
func isZip(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// readCSV decodes the text and splits it into records, with the line each
// record starts on.
func readCSV(data []byte) ([][]string, []int, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, nil, err
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = delimiter(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var records [][]string
	var lines []int
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return records, lines, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, &FileError{Code: "unreadable", Arg: pe.Error()}
			}
			return nil, nil, &FileError{Code: "unreadable", Arg: err.Error()}
		}
		line, _ := cr.FieldPos(0)
		records = append(records, rec)
		lines = append(lines, line)
		if len(records) > MaxRows+1 {
			return nil, nil, &FileError{Code: "too_many_rows"}
		}
	}
}

// decodeText returns the file as UTF-8 text without its byte order mark.
// UTF-16 is recognised by its byte order mark, as Excel writes it.
func decodeText(data []byte) (string, error) {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, _, err := transform.Bytes(dec, data)
		if err != nil || !utf8.Valid(out) {
			return "", &FileError{Code: "encoding"}
		}
		return string(out), nil
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return "", &FileError{Code: "encoding"}
	}
	return string(data), nil
}

// delimiter guesses the column separator from the header line: Excel
// writes semicolons where the comma is the decimal mark, and tabs in
// "Unicode text".
func delimiter(text string) rune {
	header, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(header, ",")
	for _, d := range []rune{';', '\t'} {
		if c := strings.Count(header, string(d)); c > n {
			best, n = d, c
		}
	}
	return best
}

// readXLSX reads the first sheet of a workbook. A cell holding a formula is
// read as the formula's text, never as what it computes, so that CheckText
// refuses it.
func readXLSX(data []byte) ([][]string, []int, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, &FileError{Code: "unreadable", Arg: "it is not a valid .xlsx workbook"}
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, nil, &FileError{Code: "unreadable", Arg: err.Error()}
	}
	defer rows.Close()
	var records [][]string
	var lines []int
	for n := 1; rows.Next(); n++ {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, &FileError{Code: "unreadable", Arg: err.Error()}
		}
		if err := formulasAsText(f, sheet, n, cols); err != nil {
			return nil, nil, err
		}
		records = append(records, cols)
		lines = append(lines, n)
		if len(records) > MaxRows+1 {
			return nil, nil, &FileError{Code: "too_many_rows"}
		}
	}
	return records, lines, nil
}

// formulasAsText replaces the value of each formula cell of row n by the
// formula, with its "=".
func formulasAsText(f *excelize.File, sheet string, n int, cols []string) error {
	for i := range cols {
		cell, err := excelize.CoordinatesToCellName(i+1, n)
		if err != nil {
			return &FileError{Code: "unreadable", Arg: err.Error()}
		}
		formula, err := f.GetCellFormula(sheet, cell)
		if err != nil {
			return &FileError{Code: "unreadable", Arg: err.Error()}
		}
		if formula != "" {
			cols[i] = "=" + strings.TrimPrefix(formula, "=")
		}
	}
	return nil
}

// fromRecords maps the header to the columns and turns every other
// non-empty record into a Row.
func fromRecords(records [][]string, lines []int) (*File, error) {
	for len(records) > 0 && blank(records[0]) {
		records, lines = records[1:], lines[1:]
	}
	if len(records) == 0 {
		return nil, &FileError{Code: "empty"}
	}
	col, ignored, err := mapHeader(records[0])
	if err != nil {
		return nil, err
	}
	file := &File{Ignored: ignored}
	for i, rec := range records[1:] {
		if blank(rec) {
			continue
		}
		r := Row{Line: lines[i+1]}
		for name, at := range col {
			if at < len(rec) {
				*r.Field(name) = strings.TrimSpace(rec[at])
			}
		}
		CheckText(&r)
		file.Rows = append(file.Rows, r)
	}
	if len(file.Rows) > MaxRows {
		return nil, &FileError{Code: "too_many_rows"}
	}
	if len(file.Rows) == 0 {
		return nil, &FileError{Code: "no_rows"}
	}
	return file, nil
}

// mapHeader returns the position of each known column, and the names of
// the others. Names are matched whatever their case, spaces or a leading
// byte order mark.
func mapHeader(header []string) (map[string]int, []string, error) {
	col := map[string]int{}
	var ignored []string
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		name = strings.ReplaceAll(name, " ", "_")
		switch {
		case name == "":
			continue
		case !slices.Contains(Columns, name):
			ignored = append(ignored, strings.TrimSpace(h))
		case hasKey(col, name):
			return nil, nil, &FileError{Code: "repeated_column", Arg: name}
		default:
			col[name] = i
		}
	}
	var missing []string
	for _, name := range requiredColumns {
		if !hasKey(col, name) {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return nil, nil, &FileError{Code: "missing_columns", Arg: strings.Join(missing, ", ")}
	}
	return col, ignored, nil
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
