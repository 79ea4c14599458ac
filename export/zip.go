package export

import (
	"archive/zip"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

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
		name := fmt.Sprintf("%s%d/%d-%s", zipDocuments, a.ResponseID, a.ID, a.Name)
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
