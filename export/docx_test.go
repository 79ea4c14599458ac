package export_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
)

// docxPackage opens a Word document's package, part by name.
func docxPackage(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the document is not a zip package: %v", err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return parts
}

// docxParagraph is a paragraph of a Word document read back: its style,
// its direction and its text.
type docxParagraph struct {
	Style string
	RTL   bool
	Text  string
}

// docxParagraphs reads word/document.xml back with an XML parser, as a
// word processor would, paragraph by paragraph.
func docxParagraphs(t *testing.T, b []byte) []docxParagraph {
	t.Helper()
	doc := docxPackage(t, b)["word/document.xml"]
	if doc == nil {
		t.Fatal("no word/document.xml")
	}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var out []docxParagraph
	var p *docxParagraph
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("word/document.xml is not well-formed: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "p":
				out = append(out, docxParagraph{})
				p = &out[len(out)-1]
			case "pStyle":
				for _, a := range e.Attr {
					if a.Name.Local == "val" {
						p.Style = a.Value
					}
				}
			case "bidi":
				if p != nil {
					p.RTL = true
				}
			case "t":
				inText = true
			case "br":
				if p != nil {
					p.Text += "\n"
				}
			}
		case xml.EndElement:
			if e.Name.Local == "t" {
				inText = false
			}
		case xml.CharData:
			if inText && p != nil {
				p.Text += string(e)
			}
		}
	}
	return out
}

// docxText is every paragraph's text, one a line.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	var sb strings.Builder
	for _, p := range docxParagraphs(t, b) {
		sb.WriteString(p.Text + "\n")
	}
	return sb.String()
}

// The report as a Word document, read back part by part: headings a
// screen reader and Word's navigation find, each question on its page,
// the charts as pictures with alt text, a page number in the footer, and
// right to left throughout in Arabic.
func TestReportAsAWordDocument(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	c, err := st.FindConsultationBySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetReportTexts(context.Background(), "cli", c.ID, 0, store.ReportTexts{Language: "fr",
		Introduction: "Les coprésidents présentent.", Conclusions: "Ils concluent.\n\nEt recommandent."}); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"en", "fr", "ar"} {
		t.Run(l, func(t *testing.T) {
			var buf bytes.Buffer
			if err := export.RunIn(context.Background(), st, "reviewer:1", slug, export.DOCX, export.Public, l, &buf); err != nil {
				t.Fatal(err)
			}
			parts := docxPackage(t, buf.Bytes())
			for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
				"word/footer1.xml", "word/_rels/document.xml.rels", "docProps/core.xml", "word/media/chart1.png"} {
				if parts[name] == nil {
					t.Fatalf("the package has no %s", name)
				}
			}
			for name, b := range parts {
				if strings.HasSuffix(name, ".png") {
					if _, err := png.Decode(bytes.NewReader(b)); err != nil {
						t.Errorf("%s: %v", name, err)
					}
				}
				if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
					if err := xml.Unmarshal(b, new(struct{})); err != nil {
						t.Errorf("%s is not well-formed: %v", name, err)
					}
				}
			}
			if !bytes.Contains(parts["word/footer1.xml"], []byte(" PAGE ")) {
				t.Error("the footer has no page number")
			}
			if !bytes.Contains(parts["word/document.xml"], []byte(`descr="`)) {
				t.Error("the charts have no alt text")
			}
			ps := docxParagraphs(t, buf.Bytes())
			headings := 0
			for _, p := range ps {
				if p.Style == "Heading1" {
					headings++
				}
				if p.Text != "" && p.RTL != (l == "ar") {
					t.Fatalf("paragraph %q: right to left = %v in %s", p.Text, p.RTL, l)
				}
			}
			want := 1 + 4 + 3 // the rates, then each question
			if l == "fr" {
				want += 2 // the introduction and the conclusions
			}
			if headings != want {
				t.Errorf("%d first-level headings, want %d", headings, want)
			}
			if intro := strings.Contains(docxText(t, buf.Bytes()), "Les coprésidents présentent."); intro != (l == "fr") {
				t.Errorf("the introduction written in French is in the %s report: %v", l, intro)
			}
			all := docxText(t, buf.Bytes())
			if !strings.Contains(all, namedOrg) || !strings.Contains(all, arabicWords) {
				t.Errorf("the report lacks the named organisation's answer:\n%s", all)
			}
		})
	}
}
