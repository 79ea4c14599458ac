// Package document checks what a written submission is, from its content:
// a PDF, a Word document (DOCX) or an OpenDocument text (ODT), whatever its
// name says. A renamed program, a spreadsheet or an archive dressed as one
// of them is refused.
package document

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/gabriel-vasile/mimetype"
)

// The types a written submission may have, as they are stored and served.
const (
	TypePDF  = "application/pdf"
	TypeDOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	TypeODT  = "application/vnd.oasis.opendocument.text"
)

// MaxSize is the largest document taken, in bytes: 10 MiB.
const MaxSize = 10 << 20

// ErrType is returned for content that is none of the types taken.
var ErrType = errors.New("not a PDF, DOCX or ODT document")

// Extensions maps each type to the extension its downloads carry.
var Extensions = map[string]string{TypePDF: ".pdf", TypeDOCX: ".docx", TypeODT: ".odt"}

// Detect returns the type of content, or ErrType. A DOCX or an ODT must
// also hold what such a document holds: its zip's parts are read by name
// only, never inflated beyond ODT's small mimetype entry, so that a zip
// bomb costs nothing.
func Detect(content []byte) (string, error) {
	m := mimetype.Detect(content)
	switch {
	case m.Is(TypePDF):
		return TypePDF, nil
	case m.Is(TypeDOCX):
		if isDOCX(content) {
			return TypeDOCX, nil
		}
	case m.Is(TypeODT):
		if isODT(content) {
			return TypeODT, nil
		}
	}
	return "", ErrType
}

func isDOCX(content []byte) bool {
	z, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return false
	}
	return has(z, "[Content_Types].xml") && has(z, "word/document.xml")
}

func isODT(content []byte) bool {
	z, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil || !has(z, "content.xml") {
		return false
	}
	for _, f := range z.File {
		if f.Name != "mimetype" || f.UncompressedSize64 > 100 {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return false
		}
		defer r.Close()
		b, err := io.ReadAll(io.LimitReader(r, 100))
		return err == nil && string(b) == TypeODT
	}
	return false
}

func has(z *zip.Reader, name string) bool {
	for _, f := range z.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

// CleanName returns a file's name as it is kept and offered again: its
// last path element, without control characters, at most 255 bytes, and
// ending with the extension of its type. "" becomes "document".
func CleanName(name, typ string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		// Controls, and the marks that reorder text, which can make
		// "report\u202Efdp.exe" look like a PDF.
		if r < 0x20 || r == 0x7f || r == '"' || r == '/' || (r >= 0x80 && r < 0xa0) || r == 0xfffd ||
			(r >= 0x200e && r <= 0x200f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == "/" {
		name = "document"
	}
	ext := Extensions[typ]
	if !strings.EqualFold(path.Ext(name), ext) {
		name += ext
	}
	for len(name) > 255 {
		base := strings.TrimSuffix(name, path.Ext(name))
		r := []rune(base)
		name = string(r[:len(r)-1]) + path.Ext(name)
	}
	return name
}

// SetDownloadHeaders makes an answer serve a stored document as a file to
// save, never as a page: its checked type, not to be sniffed, under a
// sandbox that would keep any script it holds from running if a browser
// showed it anyway, and its name in both forms of Content-Disposition
// (RFC 6266): an ASCII fallback and the UTF-8 name.
func SetDownloadHeaders(h http.Header, name, typ string, size int) {
	h.Set("Content-Type", typ)
	h.Set("Content-Length", strconv.Itoa(size))
	h.Set("Content-Disposition", ContentDisposition(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "no-store")
}

// ContentDisposition returns an attachment disposition naming name.
func ContentDisposition(name string) string {
	fallback := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == ';' || r == '%' {
			return '_'
		}
		return r
	}, name)
	return `attachment; filename="` + fallback + `"; filename*=UTF-8''` + encodeExtValue(name)
}

// encodeExtValue percent-encodes every byte of s but RFC 8187's attr-char.
func encodeExtValue(s string) string {
	const hexdigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexdigits[c>>4])
		b.WriteByte(hexdigits[c&15])
	}
	return b.String()
}
