package document_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"testing"

	"github.com/vaconsult/vaconsult/internal/document"
)

func zipOf(t *testing.T, files map[string]string, order ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range order {
		w, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDetectTakesDocumentsByContent checks that a document's type comes
// from its content: a PDF, a DOCX and an ODT are taken; an ELF or MZ
// program, plain text, a zip that only looks like a DOCX are refused.
func TestDetectTakesDocumentsByContent(t *testing.T) {
	t.Parallel()
	docx := zipOf(t, map[string]string{"[Content_Types].xml": `<Types/>`, "word/document.xml": `<w:document/>`},
		"[Content_Types].xml", "word/document.xml")
	fakeDOCX := zipOf(t, map[string]string{"[Content_Types].xml": `<Types/>`, "word/evil.exe": "MZ"},
		"[Content_Types].xml", "word/evil.exe")
	odt := zipOf(t, map[string]string{"mimetype": document.TypeODT, "content.xml": `<office:document-content/>`},
		"mimetype", "content.xml")
	for _, c := range []struct {
		name    string
		content []byte
		want    string
	}{
		{"pdf", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"), document.TypePDF},
		{"docx", docx, document.TypeDOCX},
		{"odt", odt, document.TypeODT},
		{"elf", append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 64)...), ""},
		{"mz", append([]byte("MZ\x90\x00\x03\x00"), make([]byte, 64)...), ""},
		{"text", []byte("just some text"), ""},
		{"zip looking like docx", fakeDOCX, ""},
	} {
		got, err := document.Detect(c.content)
		if c.want == "" {
			if !errors.Is(err, document.ErrType) {
				t.Errorf("%s: Detect = %q, %v; want ErrType", c.name, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: Detect = %q, %v; want %q", c.name, got, err, c.want)
		}
	}
}

// TestCleanName checks the names kept: no folders, controls or reordering
// marks, and the extension of the type found.
func TestCleanName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"report.pdf":             "report.pdf",
		`C:\Users\me\report.pdf`: "report.pdf",
		"../../etc/passwd":       "passwd.pdf",
		"evil\u202efdp.exe":      "evilfdp.exe.pdf",
		"":                       "document.pdf",
		"Rapport\x00 final.PDF":  "Rapport final.PDF",
		"تقرير.pdf":              "تقرير.pdf",
	} {
		if got := document.CleanName(in, document.TypePDF); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
