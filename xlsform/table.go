package xlsform

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/vaconsult/vaconsult/questionset"
)

// translatable are the columns that hold a text per language.
var translatable = map[string]bool{"label": true, "hint": true, "form_title": true}

// table is one sheet: its columns by header and its rows.
type table struct {
	name  string
	cols  map[string]int            // plain column → index
	texts map[string]map[string]int // translatable column → language → index
	heads map[string]map[string]string
	rows  [][]string // after the header row
}

// readTable reads sheet of wb, or returns nil when the workbook has none.
// Headers of translated columns name their language; a header without one
// is in lang.
func (r *reader) readTable(wb *excelize.File, sheet, lang string) *table {
	name := ""
	for _, s := range wb.GetSheetList() {
		if strings.EqualFold(strings.TrimSpace(s), sheet) {
			name = s
		}
	}
	if name == "" {
		return nil
	}
	rows, err := wb.GetRows(name)
	if err != nil {
		r.add(Problem{Sheet: sheet, Code: "not_workbook"})
		return nil
	}
	t := &table{name: sheet, cols: map[string]int{}, texts: map[string]map[string]int{}, heads: map[string]map[string]string{}}
	if len(rows) == 0 {
		return t
	}
	for i, h := range rows[0] {
		r.addColumn(t, i, strings.TrimSpace(h), lang)
	}
	t.rows = rows[1:]
	return t
}

func (r *reader) addColumn(t *table, i int, h, lang string) {
	base, suffix, translated := strings.Cut(h, "::")
	base = strings.ToLower(strings.TrimSpace(base))
	if !translatable[base] {
		if !translated {
			t.cols[base] = i
		}
		return
	}
	code := lang
	if translated {
		var ok bool
		if code, ok = languageCode(suffix); !ok {
			r.add(Problem{Sheet: t.name, Row: 1, Column: h, Code: "unknown_language"})
			return
		}
	}
	if t.texts[base] == nil {
		t.texts[base], t.heads[base] = map[string]int{}, map[string]string{}
	}
	// An explicit language wins over the plain column of the same one.
	if _, dup := t.texts[base][code]; dup && !translated {
		return
	}
	t.texts[base][code], t.heads[base][code] = i, h
}

// cell returns the trimmed value of column col in row.
func (t *table) cell(row []string, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// text returns the texts of a translated column in row, by language.
func (t *table) text(row []string, col string) questionset.Text {
	var out questionset.Text
	for code, i := range t.texts[col] {
		if i < len(row) {
			if s := strings.TrimSpace(strings.ReplaceAll(row[i], "\r\n", "\n")); s != "" {
				if out == nil {
					out = questionset.Text{}
				}
				out[code] = s
			}
		}
	}
	return out
}

// head returns the header of col in language code, as the sheet writes it
// or, when it has no such column, as it would.
func (t *table) head(col, code string) string {
	if h, ok := t.heads[col][code]; ok {
		return h
	}
	return header(col, code)
}

// empty reports whether a row holds nothing.
func empty(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
