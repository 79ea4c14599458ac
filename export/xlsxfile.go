package export

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf16"
)

// xlsxFile writes an Office Open XML workbook straight into a zip stream,
// sheet after sheet, holding nothing but the sheet names. Cells are inline
// strings, numbers and dates, with the few styles of styles.xml below.
//
// Why not excelize's stream writer: it keeps up to 32 MB of buffer per
// sheet until the whole workbook is written, so a large consultation's
// workbook held well over 100 MB. Excelize still reads these files back in
// the tests, as a check that spreadsheet programs will open them.
type xlsxFile struct {
	zw     *zip.Writer
	sheets []string
	w      *bufio.Writer // the sheet being written
	row    int
	header string // printed at the top of every page
	footer string // printed at the bottom of every page, after the sheet's name; Excel's codes as they are
	err    error
}

// Cell styles, as indexes into cellXfs in styles.xml.
const (
	styleNone = iota
	styleBanner
	styleBold
	styleWrap
	styleDate
	styleTitle
)

// xlsxCol is a column of a sheet: its width in characters.
type xlsxCol float64

func newXLSXFile(w io.Writer, header, footer string) *xlsxFile {
	return &xlsxFile{zw: zip.NewWriter(w), header: header, footer: footer}
}

// startSheet ends the sheet being written, if any, and starts the next.
// frozen rows stay in view when scrolling.
func (x *xlsxFile) startSheet(name string, cols []xlsxCol, frozen int) {
	x.endSheet()
	if x.err != nil {
		return
	}
	x.sheets = append(x.sheets, name)
	f, err := x.zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", len(x.sheets)))
	if err != nil {
		x.err = err
		return
	}
	x.w, x.row = bufio.NewWriterSize(f, 64<<10), 0
	x.w.WriteString(xml.Header + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"`)
	if len(x.sheets) == 1 {
		x.w.WriteString(` tabSelected="1"`)
	}
	x.w.WriteString(`>`)
	if frozen > 0 {
		fmt.Fprintf(x.w, `<pane ySplit="%d" topLeftCell="A%d" activePane="bottomLeft" state="frozen"/>`, frozen, frozen+1)
	}
	x.w.WriteString(`</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>`)
	for i, c := range cols {
		fmt.Fprintf(x.w, `<col min="%d" max="%d" width="%g" customWidth="1"/>`, i+1, i+1, float64(c))
	}
	x.w.WriteString(`</cols><sheetData>`)
}

func (x *xlsxFile) endSheet() {
	if x.w == nil || x.err != nil {
		return
	}
	x.w.WriteString(`</sheetData><pageMargins left="0.6" right="0.6" top="0.9" bottom="0.8" header="0.4" footer="0.4"/>` +
		`<pageSetup orientation="landscape"/><headerFooter><oddHeader>&amp;L&amp;"-,Bold"`)
	xml.EscapeText(x.w, []byte(escapeHeader(x.header)))
	x.w.WriteString(`</oddHeader><oddFooter>&amp;L&amp;A&amp;R`)
	xml.EscapeText(x.w, []byte(x.footer))
	x.w.WriteString(`</oddFooter></headerFooter></worksheet>`)
	x.err = x.w.Flush()
	x.w = nil
}

// escapeHeader doubles the ampersands of a page header, which Excel reads
// as codes.
func escapeHeader(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '&' {
			out = append(out, '&')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// xcell is one cell: a string, an int, an int64, a float64 or a time.Time,
// with a style. A nil value leaves the cell empty.
type xcell struct {
	v     any
	style int
}

// skip leaves a row empty.
func (x *xlsxFile) skip() { x.row++ }

// add writes the next row.
func (x *xlsxFile) add(cells ...xcell) {
	x.row++
	if x.err != nil || x.w == nil {
		return
	}
	w := x.w
	w.WriteString(`<row r="`)
	w.WriteString(strconv.Itoa(x.row))
	w.WriteString(`">`)
	for i, c := range cells {
		if c.v == nil {
			continue
		}
		w.WriteString(`<c r="`)
		w.WriteString(columnName(i))
		w.WriteString(strconv.Itoa(x.row))
		w.WriteByte('"')
		if c.style != styleNone {
			w.WriteString(` s="`)
			w.WriteString(strconv.Itoa(c.style))
			w.WriteByte('"')
		}
		switch v := c.v.(type) {
		case string:
			w.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
			xml.EscapeText(w, []byte(cellText(v)))
			w.WriteString(`</t></is></c>`)
		case int:
			w.WriteString(`><v>` + strconv.Itoa(v) + `</v></c>`)
		case int64:
			w.WriteString(`><v>` + strconv.FormatInt(v, 10) + `</v></c>`)
		case float64:
			w.WriteString(`><v>` + strconv.FormatFloat(v, 'f', -1, 64) + `</v></c>`)
		case time.Time:
			w.WriteString(`><v>` + strconv.FormatFloat(excelTime(v), 'f', 6, 64) + `</v></c>`)
		default:
			x.err = fmt.Errorf("xlsx: cannot write a %T", v)
			return
		}
	}
	w.WriteString(`</row>`)
	if w.Buffered() > 32<<10 {
		x.err = w.Flush()
	}
}

// columnName returns the letters of column i (0 is A).
func columnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// excelTime returns t as a spreadsheet serial date: days since 30 December
// 1899, in UTC.
func excelTime(t time.Time) float64 {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	return t.UTC().Sub(epoch).Hours() / 24
}

// maxCellChars is the most a cell holds, in UTF-16 units as Excel counts
// them: a character beyond the Basic Multilingual Plane (an emoji, a rare
// ideograph) takes two. A longer cell makes Excel refuse the workbook.
const maxCellChars = 32767

// cutNote ends a cell whose text was cut.
const cutNote = " […] (cut: see the CSV or JSON export for the full text)"

// cellText fits a text into a cell, cutting it between two characters.
func cellText(s string) string {
	if len(s) <= maxCellChars {
		return s // a byte or more per unit: it fits
	}
	room := maxCellChars - utf16Len(cutNote)
	units := 0
	for i, r := range s {
		n := utf16.RuneLen(r)
		if n < 0 {
			n = 1 // written as U+FFFD
		}
		if units+n > room {
			if utf16Len(s[i:])+units <= maxCellChars {
				return s
			}
			return s[:i] + cutNote
		}
		units += n
	}
	return s
}

// utf16Len is the length of s in UTF-16 units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// close ends the last sheet and writes the parts that list the sheets.
func (x *xlsxFile) close(title, keywords string) error {
	x.endSheet()
	if x.err != nil {
		return x.err
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", x.contentTypes()},
		{"_rels/.rels", rootRels},
		{"docProps/core.xml", coreProps(title, keywords)},
		{"xl/workbook.xml", x.workbook()},
		{"xl/_rels/workbook.xml.rels", x.workbookRels()},
		{"xl/styles.xml", stylesXML},
	}
	for _, p := range parts {
		f, err := x.zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	return x.zw.Close()
}

func (x *xlsxFile) contentTypes() string {
	s := xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`
	for i := range x.sheets {
		s += fmt.Sprintf(`<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	return s + `</Types>`
}

func (x *xlsxFile) workbook() string {
	s := xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`
	for i, name := range x.sheets {
		s += fmt.Sprintf(`<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, escape(name), i+1, i+1)
	}
	return s + `</sheets></workbook>`
}

func (x *xlsxFile) workbookRels() string {
	s := xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	for i := range x.sheets {
		s += fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	return s + fmt.Sprintf(`<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`, len(x.sheets)+1)
}

func escape(s string) string {
	var b []byte
	w := &byteWriter{&b}
	xml.EscapeText(w, []byte(s))
	return string(b)
}

type byteWriter struct{ b *[]byte }

func (w *byteWriter) Write(p []byte) (int, error) { *w.b = append(*w.b, p...); return len(p), nil }

func coreProps(title, keywords string) string {
	return xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>` + escape(title) + `</dc:title>` +
		`<dc:creator>vaconsult</dc:creator><cp:keywords>` + escape(keywords) + `</cp:keywords></cp:coreProperties>`
}

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

// stylesXML holds the cell styles, in the order of the style constants:
// none, banner (bold on a coloured fill), bold, wrapped, date, title.
const stylesXML = xml.Header + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font>` +
	`<font><b/><sz val="13"/><name val="Calibri"/></font></fonts>` +
	`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFF4CCCC"/><bgColor indexed="64"/></patternFill></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top"/></xf>` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
	`<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>` +
	`<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
	`</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
