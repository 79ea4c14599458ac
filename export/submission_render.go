package export

import (
	"bytes"
	"context"
	"errors"

	"github.com/vaconsult/vaconsult/store"
)

// Formats of a submission's copy.
const (
	CopyHTML = "html"
	CopyPDF  = "pdf"
	CopyDOCX = "docx"
)

// CopyFormats are the formats a copy comes in, in the order offered.
var CopyFormats = []string{CopyHTML, CopyPDF, CopyDOCX}

// IsCopyFormat reports whether f is a format a copy comes in.
func IsCopyFormat(f string) bool {
	for _, g := range CopyFormats {
		if f == g {
			return true
		}
	}
	return false
}

// Printer prints a self-contained page to PDF.
type Printer interface {
	Print(ctx context.Context, html []byte) ([]byte, error)
}

// ErrNoPrinter is returned for a PDF copy asked for without a printer.
var ErrNoPrinter = errors.New("export: no printer for PDF")

// CopyFile is a copy of a submission ready to send: its bytes, type and
// file name.
type CopyFile struct {
	Body        []byte
	ContentType string
	Filename    string
}

// RenderSubmission returns the copy of c in format, in language l. The
// printable page carries links; the PDF is that page without them, printed
// by p. It returns ErrNoPrinter for a PDF when p is nil.
func RenderSubmission(ctx context.Context, c *store.SubmissionCopy, l, format string, links []CopyLink, p Printer) (*CopyFile, error) {
	var buf bytes.Buffer
	switch format {
	case CopyDOCX:
		if err := WriteSubmissionDOCX(&buf, c, l); err != nil {
			return nil, err
		}
		return &CopyFile{Body: buf.Bytes(), ContentType: DOCX.ContentType(), Filename: SubmissionFilename(c, "docx")}, nil
	case CopyPDF:
		if p == nil {
			return nil, ErrNoPrinter
		}
		if err := WriteSubmissionHTML(&buf, c, l, nil); err != nil {
			return nil, err
		}
		out, err := p.Print(ctx, buf.Bytes())
		if err != nil {
			return nil, err
		}
		return &CopyFile{Body: out, ContentType: "application/pdf", Filename: SubmissionFilename(c, "pdf")}, nil
	default:
		if err := WriteSubmissionHTML(&buf, c, l, links); err != nil {
			return nil, err
		}
		return &CopyFile{Body: buf.Bytes(), ContentType: "text/html; charset=utf-8", Filename: SubmissionFilename(c, "html")}, nil
	}
}

// CopyCSP is the content security policy of a copy's page: its own
// inline style, and nothing else at all.
var CopyCSP = "default-src 'none'; style-src " + SubmissionStyleHash + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
