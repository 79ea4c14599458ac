package export

import (
	"archive/zip"
	"bufio"
	"io"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
)

// WriteQuestionnaireDOCX writes one question set of a consultation as a
// Word document to draft the answers in, away from the form: for the
// officials who write in their capital, without a connection, or who need
// their answers cleared on paper. Each question comes with its hint, its
// options as boxes to tick, and a framed space to write in. Right to left
// in Arabic.
func WriteQuestionnaireDOCX(w io.Writer, c *store.Consultation, set *store.QuestionSet, l string) error {
	t := textsIn(l)
	d := &docx{zw: zip.NewWriter(w), t: t, src: &Source{Consultation: c, Language: t.lang, Summary: &store.Summary{}},
		title: c.Title.In(t.lang) + " — " + set.Title.In(t.lang), foot: c.Title.In(t.lang)}
	d.rtl = lang.Dir(t.lang) == "rtl"
	f, err := d.zw.Create("word/document.xml")
	if err != nil {
		return err
	}
	d.w = bufio.NewWriterSize(f, 64<<10)
	d.begin()
	d.para("Title", c.Title.In(t.lang))
	d.para("Subtitle", c.Meeting.In(t.lang))
	d.para("Heading1", set.Title.In(t.lang))
	d.text("Normal", set.Intro.In(t.lang), "")
	d.para("Muted", t.T("questionnaire.how"))
	for i := range set.Questions {
		q := &set.Questions[i]
		d.para("Heading2", t.T("form.question_number", q.Number))
		d.para("Strong", q.Text.In(t.lang))
		if hint := q.Hint.In(t.lang); hint != "" {
			d.para("Muted", hint)
		}
		if q.TakesChoice() {
			for _, ch := range q.Choices {
				d.para("Normal", "☐ "+ch.Label.In(t.lang))
			}
		}
		if q.TakesText() {
			d.writingSpace(t.T("questionnaire.answer"))
		}
	}
	d.end()
	if d.err != nil {
		return d.err
	}
	return d.close()
}

// writingSpace is a framed box of empty lines, headed by its label, kept
// on one page.
func (d *docx) writingSpace(label string) {
	d.w.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="5000" w:type="pct"/>`)
	if d.rtl {
		d.w.WriteString(`<w:bidiVisual/>`)
	}
	d.w.WriteString(`</w:tblPr><w:tblGrid><w:gridCol w:w="9864"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>`)
	d.para("CellHead", label)
	for range 8 {
		d.para("Cell", "")
	}
	d.w.WriteString(`</w:tc></w:tr></w:tbl><w:p/>`)
}
