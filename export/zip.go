package export

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/vaconsult/vaconsult/store"
)

// zipDocuments is the folder of the documents in a zip export.
const zipDocuments = "documents/"

// WriteZIP writes a zip holding the CSV export, and in the internal
// variant the documents attached to the submitted responses, each under
// documents/<response>/<id>-<name>, with documents.csv listing them: the
// response, respondent, attribution, file (its path in the zip), type,
// size and SHA-256. The public variant holds the CSV alone: a document
// can name its author whatever attribution was chosen.
func WriteZIP(w io.Writer, src *Source) error {
	z := zip.NewWriter(w)
	f, err := z.CreateHeader(&zip.FileHeader{Name: src.Consultation.Slug + ".csv", Method: zip.Deflate})
	if err != nil {
		return err
	}
	if err := WriteCSV(f, src); err != nil {
		return err
	}
	if src.Variant == Internal && src.Attachments != nil {
		if err := writeZIPDocuments(z, src); err != nil {
			return err
		}
	}
	return z.Close()
}

func writeZIPDocuments(z *zip.Writer, src *Source) error {
	var list [][]string
	err := src.Attachments(func(a *store.ExportAttachment) error {
		name := zipPath(&a.Attachment)
		// Documents are compressed already: stored as they are.
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: a.CreatedAt})
		if err != nil {
			return err
		}
		if _, err := f.Write(a.Content); err != nil {
			return err
		}
		list = append(list, []string{strconv.FormatInt(a.ResponseID, 10), Neutralise(a.Respondent), string(a.Attribution),
			Neutralise(name), a.Type, strconv.FormatInt(a.Size, 10), a.SHA256})
		return nil
	})
	if err != nil {
		return err
	}
	f, err := z.CreateHeader(&zip.FileHeader{Name: "documents.csv", Method: zip.Deflate})
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	cw.UseCRLF = true
	cw.Write([]string{"response", "respondent", "attribution", "file", "type", "size", "sha256"}) //nolint:errcheck // see Error
	cw.WriteAll(list)                                                                             //nolint:errcheck // see Error
	return cw.Error()
}

// zipPath is where a document is in the zip export: the link the CSV's
// documents column gives.
func zipPath(a *store.Attachment) string {
	return fmt.Sprintf("%s%d/%d-%s", zipDocuments, a.ResponseID, a.ID, a.Name)
}

// documentsCell lists a response's documents, one a line: each name and
// its place in the zip export.
func documentsCell(docs []store.Attachment) string {
	lines := make([]string, len(docs))
	for i := range docs {
		lines[i] = docs[i].Name + " (" + zipPath(&docs[i]) + ")"
	}
	return strings.Join(lines, "\n")
}

// documents returns the source's documents by response; none when it has
// no way to read them, or in the public variant.
func (s *Source) documents() (map[int64][]store.Attachment, error) {
	if s.Documents == nil || s.Variant != Internal {
		return nil, nil
	}
	return s.Documents()
}
