package export

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"strconv"
	"strings"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// WriteDOCX writes the Co-Chairs' report as a Word document, with what the
// HTML report holds: the response rates, then per question the counts,
// the choices as a table and a bar chart, the themes, the key points and
// the quotes the variant allows, then the themes across questions and
// audiences with the quotes tagged with each. Right to left in Arabic. Like every
// writer it streams the answers: the charts, which the summary alone
// gives, are written into the package before the document, and the
// document's relationships after it.
func WriteDOCX(w io.Writer, src *Source) error {
	d := &docx{zw: zip.NewWriter(w), t: src.texts(), src: src}
	d.rtl = lang.Dir(d.t.lang) == "rtl"
	d.charts()
	d.document()
	return d.close()
}

// docx writes one report. Sizes are in twentieths of a point (twips) for
// text and pages, in EMUs for pictures: Word's own units.
type docx struct {
	zw     *zip.Writer
	t      *texts
	src    *Source
	rtl    bool
	w      *bufio.Writer
	chart  map[int64]int // question id → picture number
	nchart int
	title  string // of the document's properties; the report's when empty
	foot   string // before each page's number; the variant's marking when empty
	err    error
}

const (
	chartWidthPx  = 600
	chartBarPx    = 28
	emuPerPx      = 9525 // at 96 pixels per inch
	docxMediaType = "image/png"
)

// charts draws a bar chart of the choices of each question that has them.
func (d *docx) charts() {
	d.chart = map[int64]int{}
	for _, q := range d.src.Summary.Questions {
		if len(q.Choices) == 0 || d.err != nil {
			continue
		}
		d.nchart++
		d.chart[q.Question.ID] = d.nchart
		f, err := d.zw.Create(fmt.Sprintf("word/media/chart%d.png", d.nchart))
		if err != nil {
			d.err = err
			return
		}
		d.err = png.Encode(f, barChart(q.Choices))
	}
}

// barChart draws one horizontal bar per choice, its length the choice's
// share; the table beside it gives the labels and figures.
func barChart(choices []store.ChoiceCount) image.Image {
	h := chartBarPx * len(choices)
	img := image.NewRGBA(image.Rect(0, 0, chartWidthPx, h))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	track := color.RGBA{0xf3, 0xf2, 0xf1, 0xff}
	fill := color.RGBA{0x1d, 0x70, 0xb8, 0xff}
	for i, c := range choices {
		y := i*chartBarPx + 4
		bar := image.Rect(0, y, chartWidthPx, y+chartBarPx-8)
		draw.Draw(img, bar, image.NewUniform(track), image.Point{}, draw.Src)
		bar.Max.X = int(float64(chartWidthPx) * c.Percent / 100)
		draw.Draw(img, bar, image.NewUniform(fill), image.Point{}, draw.Src)
	}
	return img
}

func (d *docx) document() {
	if d.err != nil {
		return
	}
	f, err := d.zw.Create("word/document.xml")
	if err != nil {
		d.err = err
		return
	}
	d.w = bufio.NewWriterSize(f, 64<<10)
	d.begin()
	d.front()
	for i := range d.src.Summary.Questions {
		q := &d.src.Summary.Questions[i]
		d.question(q)
		if err := d.quotes(q); err != nil {
			d.err = err
			return
		}
	}
	d.themes()
	if d.src.Conclusions != "" {
		d.pageBreak()
		d.para("Heading1", d.t.T("export.conclusions"))
		d.text("Normal", d.src.Conclusions, "")
	}
	d.para("Normal", d.t.banner(d.src.Variant))
	d.end()
}

// begin opens word/document.xml's body.
func (d *docx) begin() {
	d.w.WriteString(xml.Header + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"` +
		` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>`)
}

// end closes the body with the page's setup (A4, the footer with the
// page numbers, right to left in Arabic) and flushes it.
func (d *docx) end() {
	d.w.WriteString(`<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>` +
		`<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1021" w:bottom="1134" w:left="1021" w:header="567" w:footer="567" w:gutter="0"/>`)
	if d.rtl {
		d.w.WriteString(`<w:bidi/>`)
	}
	d.w.WriteString(`</w:sectPr></w:body></w:document>`)
	if err := d.w.Flush(); err != nil {
		d.err = err
	}
}

// front writes the title, the marking of the variant and the rates.
func (d *docx) front() {
	t, src := d.t, d.src
	c := src.Consultation
	if src.Variant == Internal {
		d.para("Banner", t.banner(src.Variant))
	}
	d.para("Title", c.Title.In(t.lang))
	d.para("Subtitle", c.Meeting.In(t.lang))
	variant := t.T("export.variant.public")
	if src.Variant == Internal {
		variant = t.T("export.variant.internal")
	}
	d.para("Normal", t.T("export.report")+" · "+variant+" · "+t.T("export.generated", src.GeneratedAt.UTC().Format("2006-01-02 15:04 UTC")))
	if src.Introduction != "" {
		d.para("Heading1", t.T("export.introduction"))
		d.text("Normal", src.Introduction, "")
	}
	d.para("Heading1", t.T("export.rates"))
	if src.Variant == Public {
		d.para("Normal", t.T("export.rates.public"))
	}
	head := []string{t.T("export.audience")}
	if src.Variant == Internal {
		head = append(head, t.T("export.col.kind"), t.T("export.region"))
	}
	head = append(head, t.T("export.invited"), t.T("export.started"), t.T("export.submitted"))
	var rows [][]string
	for _, r := range src.Summary.Rates {
		row := []string{t.audience(r.Audience)}
		if src.Variant == Internal {
			row = append(row, t.kinds(string(r.Kind)), t.region(r.Region, false))
		}
		rows = append(rows, append(row, itoa(r.Invited), itoa(r.Started), itoa(r.Submitted)))
	}
	d.table(head, rows)
}

func itoa(n int) string { return strconv.Itoa(n) }

// question writes a question's heading and figures; its quotes follow.
func (d *docx) question(q *store.QuestionSummary) {
	t, public := d.t, d.src.Variant == Public
	d.pageBreak()
	if !public {
		d.para("Banner", t.T("export.confidential"))
	}
	d.para("Heading1", t.T("export.question", t.audience(q.Audience), q.Question.Number))
	d.para("Strong", q.Question.Text.In(t.lang))
	var kinds []string
	for _, k := range q.ByKind {
		kinds = append(kinds, t.T("export.count.of", t.kinds(k.Key), k.Count))
	}
	counts := t.T("export.answers.count", q.Answers)
	if len(kinds) > 0 {
		counts += " (" + strings.Join(kinds, "; ") + ")"
	}
	d.para("Normal", counts)
	if len(q.ByRegion) > 0 {
		var rows [][]string
		for _, r := range q.ByRegion {
			rows = append(rows, []string{t.region(r.Key, public), itoa(r.Count)})
		}
		d.para("Heading2", t.T("export.by_region"))
		d.table([]string{t.T("export.region"), t.T("export.answers")}, rows)
	}
	if len(q.Choices) > 0 {
		d.para("Heading2", t.T("export.choices"))
		var rows [][]string
		var alt []string
		for _, c := range q.Choices {
			label := c.Label.In(t.lang)
			rows = append(rows, []string{label, itoa(c.Count), fmt.Sprintf("%.1f%%", c.Percent)})
			alt = append(alt, fmt.Sprintf("%s: %d (%.1f%%)", label, c.Count, c.Percent))
		}
		d.table([]string{t.T("export.answer"), t.T("export.count"), t.T("export.share")}, rows)
		d.picture(d.chart[q.Question.ID], len(q.Choices), strings.Join(alt, "; "))
	}
	d.para("Heading2", t.T("export.themes"))
	if len(q.Themes) == 0 {
		d.para("Muted", t.T("export.themes.none"))
	} else {
		var rows [][]string
		for _, th := range q.Themes {
			rows = append(rows, []string{th.Name, itoa(th.Count)})
		}
		d.table([]string{t.T("export.theme"), t.T("export.answers")}, rows)
	}
	d.para("Heading2", t.T("export.keypoints"))
	if q.KeyPoints == "" {
		d.para("Muted", t.T("export.keypoints.none"))
	} else {
		d.text("KeyPoints", q.KeyPoints, "")
	}
	d.para("Heading2", t.T("export.quotes"))
}

// quotes writes the quotes chosen for a question, as the variant allows
// them, or says there are none.
func (d *docx) quotes(q *store.QuestionSummary) error {
	quotes, err := d.src.quotes(q.Question.ID)
	if err != nil {
		return err
	}
	if len(quotes) == 0 {
		d.para("Muted", d.t.T("export.quotes.none"))
	}
	labels := map[string]string{}
	for _, c := range q.Question.Choices {
		labels[c.Value] = c.Label.In(d.t.lang)
	}
	for i := range quotes {
		d.quote(quoteOf(d.t, d.src, &quotes[i], labels))
	}
	return d.err
}

// themes writes the themes across questions and audiences: each theme's
// answers counted per audience, then under each theme the quotes tagged
// with it, the States Parties' before the survivors', as the variant
// allows them.
func (d *docx) themes() {
	t, public := d.t, d.src.Variant == Public
	themes := d.src.Summary.Themes
	d.pageBreak()
	if !public {
		d.para("Banner", t.T("export.confidential"))
	}
	d.para("Heading1", t.T("export.themes.across"))
	if len(themes) == 0 {
		d.para("Muted", t.T("export.themes.none"))
		return
	}
	var rows [][]string
	for _, th := range themes {
		rows = append(rows, []string{th.Theme.Name, itoa(th.States()), itoa(th.Survivors()), itoa(th.Theme.Count)})
	}
	d.table([]string{t.T("export.theme"), t.audience(domain.AudienceStatesParties), t.audience(domain.AudienceSurvivors),
		t.T("export.col.total")}, rows)
	for i := range themes {
		th := &themes[i]
		if th.Theme.Count == 0 || d.err != nil {
			continue
		}
		d.para("Heading2", t.T("export.themes.tagged", th.Theme.Name))
		var audience domain.Audience
		err := d.src.eachTagged(th, func(r *store.ExportRow) error {
			if r.Audience != audience {
				audience = r.Audience
				d.para("Strong", t.audience(audience))
			}
			d.quote(rowQuoteOf(t, d.src, r))
			return d.err
		})
		if err != nil {
			d.err = err
		}
	}
}

// quote writes a chosen quote in its language, and who gave it as the
// variant may say.
func (d *docx) quote(q htmlQuote) {
	if q.Choice != "" {
		d.para("QuoteChoice", q.Choice)
	}
	if q.Text != "" {
		d.text("Quote", q.Text, q.Language)
	}
	if q.Translation != "" {
		d.para("QuoteSource", q.TranslationLabel)
		d.text("Quote", q.Translation, "")
	}
	who := "— " + q.Who
	if q.Country != "" {
		who += ", " + q.Country
	}
	if q.Attribution != "" {
		who += " (" + q.Attribution + ")"
	}
	d.para("QuoteSource", who)
	if q.Note != "" {
		d.para("QuoteSource", q.NoteLabel+": "+q.Note)
	}
}

// text writes a text of several paragraphs, as typed: a blank line starts
// a paragraph, a line break stays one.
func (d *docx) text(style, s, language string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, p := range strings.Split(s, "\n\n") {
		if strings.TrimSpace(p) == "" {
			continue
		}
		d.pStart(style)
		for i, line := range strings.Split(p, "\n") {
			if i > 0 {
				d.w.WriteString(`<w:r><w:br/></w:r>`)
			}
			d.run(line, language)
		}
		d.w.WriteString(`</w:p>`)
	}
}

func (d *docx) para(style, s string) {
	d.pStart(style)
	d.run(s, "")
	d.w.WriteString(`</w:p>`)
}

func (d *docx) pStart(style string) {
	d.w.WriteString(`<w:p><w:pPr><w:pStyle w:val="` + style + `"/>`)
	if d.rtl {
		d.w.WriteString(`<w:bidi/>`)
	}
	d.w.WriteString(`</w:pPr>`)
}

// run writes a run of text; a text in another language than the report's
// says so, so that Word spells and reads it in its own.
func (d *docx) run(s, language string) {
	d.w.WriteString(`<w:r>`)
	if d.rtl || language != "" {
		d.w.WriteString(`<w:rPr>`)
		if d.rtl {
			d.w.WriteString(`<w:rtl/>`)
		}
		if language != "" {
			fmt.Fprintf(d.w, `<w:lang w:val="%s" w:bidi="%s"/>`, escape(language), escape(language))
		}
		d.w.WriteString(`</w:rPr>`)
	}
	d.w.WriteString(`<w:t xml:space="preserve">` + escape(s) + `</w:t></w:r>`)
}

func (d *docx) pageBreak() {
	d.pStart("Normal")
	d.w.WriteString(`<w:r><w:br w:type="page"/></w:r></w:p>`)
}

// table writes a table whose header row repeats on each page and whose
// rows are never cut across two pages.
func (d *docx) table(head []string, rows [][]string) {
	d.w.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="5000" w:type="pct"/>`)
	if d.rtl {
		d.w.WriteString(`<w:bidiVisual/>`)
	}
	d.w.WriteString(`</w:tblPr><w:tblGrid>`)
	for range head {
		fmt.Fprintf(d.w, `<w:gridCol w:w="%d"/>`, 9864/len(head))
	}
	d.w.WriteString(`</w:tblGrid>`)
	d.row(head, true)
	for _, r := range rows {
		d.row(r, false)
	}
	d.w.WriteString(`</w:tbl><w:p/>`)
}

func (d *docx) row(cells []string, head bool) {
	d.w.WriteString(`<w:tr><w:trPr><w:cantSplit/>`)
	if head {
		d.w.WriteString(`<w:tblHeader/>`)
	}
	d.w.WriteString(`</w:trPr>`)
	style := "Cell"
	if head {
		style = "CellHead"
	}
	for _, c := range cells {
		d.w.WriteString(`<w:tc>`)
		d.para(style, c)
		d.w.WriteString(`</w:tc>`)
	}
	d.w.WriteString(`</w:tr>`)
}

// picture writes chart n inline, with alt text that says what it shows.
func (d *docx) picture(n, bars int, alt string) {
	cx, cy := chartWidthPx*emuPerPx, chartBarPx*bars*emuPerPx
	fmt.Fprintf(d.w, `<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">`+
		`<wp:extent cx="%d" cy="%d"/><wp:docPr id="%d" name="Chart %d" descr="%s"/>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`+
		`<pic:nvPicPr><pic:cNvPr id="%d" name="chart%d.png"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="rIdChart%d"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
		cx, cy, n, n, escape(d.t.T("export.chart.alt", alt)), n, n, n, cx, cy)
}

// close writes the parts that list the others, and ends the package.
func (d *docx) close() error {
	if d.err != nil {
		return d.err
	}
	title := d.title
	if title == "" {
		title = d.src.Consultation.Title.In(d.t.lang) + " — " + d.t.T("export.report")
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRootRels},
		{"docProps/core.xml", coreProps(title, string(d.src.Variant))},
		{"word/_rels/document.xml.rels", d.rels()},
		{"word/styles.xml", d.styles()},
		{"word/footer1.xml", d.footer()},
	}
	for _, p := range parts {
		f, err := d.zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	return d.zw.Close()
}

func (d *docx) rels() string {
	s := xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`
	for n := 1; n <= d.nchart; n++ {
		s += fmt.Sprintf(`<Relationship Id="rIdChart%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart%d.png"/>`, n, n)
	}
	return s + `</Relationships>`
}

// footerText is what every page's foot says before its number: the
// variant's marking, for a report.
func (d *docx) footerText() string {
	if d.foot != "" {
		return d.foot
	}
	return d.t.T("export.header." + string(d.src.Variant))
}

// footer repeats the variant's marking on every page, with the page's
// number.
func (d *docx) footer() string {
	bidi, rtl := "", ""
	if d.rtl {
		bidi, rtl = `<w:bidi/>`, `<w:rPr><w:rtl/></w:rPr>`
	}
	return xml.Header + `<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/>` + bidi + `</w:pPr>` +
		`<w:r>` + rtl + `<w:t xml:space="preserve">` + escape(d.footerText()) + ` · </w:t></w:r>` +
		`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
		`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>`
}

// styles names the paragraph styles the report uses, so that Word's
// navigation pane and a screen reader find the headings.
func (d *docx) styles() string {
	lang := d.t.lang
	s := xml.Header + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
		`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Noto Sans CJK SC" w:cs="Arial"/>` +
		`<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="` + lang + `" w:bidi="` + lang + `" w:eastAsia="` + lang + `"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`
	style := func(id, name, ppr, rpr string) {
		s += `<w:style w:type="paragraph" w:styleId="` + id + `"><w:name w:val="` + name + `"/><w:basedOn w:val="Normal"/>` +
			`<w:qFormat/><w:pPr>` + ppr + `</w:pPr><w:rPr>` + rpr + `</w:rPr></w:style>`
	}
	s += `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`
	style("Title", "Title", `<w:spacing w:after="80"/>`, `<w:b/><w:bCs/><w:sz w:val="44"/><w:szCs w:val="44"/>`)
	style("Subtitle", "Subtitle", ``, `<w:color w:val="444444"/>`)
	style("Heading1", "heading 1", `<w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>`, `<w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/>`)
	style("Heading2", "heading 2", `<w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/>`, `<w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/>`)
	style("Strong", "Question", `<w:keepNext/>`, `<w:b/><w:bCs/>`)
	style("Muted", "Muted", ``, `<w:i/><w:iCs/><w:color w:val="555555"/>`)
	style("Banner", "Marking", `<w:pBdr><w:top w:val="single" w:sz="12" w:space="2" w:color="AA0000"/><w:bottom w:val="single" w:sz="12" w:space="2" w:color="AA0000"/></w:pBdr>`, `<w:b/><w:bCs/><w:color w:val="660000"/>`)
	style("KeyPoints", "Key points", `<w:ind w:left="284"/><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="1D70B8"/></w:pBdr>`, ``)
	style("Quote", "Quote", `<w:keepNext/><w:keepLines/><w:ind w:left="567"/><w:spacing w:after="40"/>`, `<w:i/><w:iCs/>`)
	style("QuoteChoice", "Quote choice", `<w:keepNext/><w:ind w:left="567"/><w:spacing w:after="40"/>`, `<w:b/><w:bCs/>`)
	style("QuoteSource", "Quote source", `<w:ind w:left="567"/><w:spacing w:after="200"/>`, `<w:sz w:val="20"/><w:szCs w:val="20"/><w:color w:val="333333"/>`)
	style("Cell", "Table text", `<w:spacing w:after="0"/>`, ``)
	style("CellHead", "Table heading", `<w:keepNext/><w:spacing w:after="0"/>`, `<w:b/><w:bCs/>`)
	style("Footer", "footer", `<w:jc w:val="center"/>`, `<w:sz w:val="16"/><w:szCs w:val="16"/>`)
	s += `<w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders>` +
		`<w:top w:val="single" w:sz="4" w:color="999999"/><w:left w:val="single" w:sz="4" w:color="999999"/>` +
		`<w:bottom w:val="single" w:sz="4" w:color="999999"/><w:right w:val="single" w:sz="4" w:color="999999"/>` +
		`<w:insideH w:val="single" w:sz="4" w:color="999999"/><w:insideV w:val="single" w:sz="4" w:color="999999"/>` +
		`</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`
	return s + `</w:styles>`
}

const docxContentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Default Extension="png" ContentType="` + docxMediaType + `"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const docxRootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`
