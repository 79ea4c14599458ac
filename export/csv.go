package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/vaconsult/vaconsult/store"
)

// bom makes Excel read the file as UTF-8, so that accents and Arabic come
// out right.
const bom = "\uFEFF"

var csvHeader = []string{"consultation", "response", "audience", "respondent", "attribution", "kind",
	"country", "country code", "region", "language", "question number", "question text", "choice",
	"answer", "themes", "submitted at"}

// WriteCSV writes one row per answer (long format): RFC 4180, CRLF line
// ends, UTF-8 with a byte-order mark. Text cells are neutralised against
// formula injection.
func WriteCSV(w io.Writer, src *Source) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	slug := src.Consultation.Slug
	rec := make([]string, len(csvHeader))
	err := src.Rows(func(r *store.ExportRow) error {
		rec[0] = slug
		rec[1] = strconv.FormatInt(r.ResponseID, 10)
		rec[2] = r.Audience
		rec[3] = Neutralise(r.Respondent)
		rec[4] = r.Attribution
		rec[5] = r.Kind
		rec[6] = Neutralise(r.CountryName)
		rec[7] = r.Country
		rec[8] = Neutralise(r.Region)
		rec[9] = r.Language
		rec[10] = strconv.Itoa(r.QuestionNumber)
		rec[11] = Neutralise(r.QuestionText)
		rec[12] = Neutralise(r.ChoiceLabel)
		rec[13] = Neutralise(r.Text)
		rec[14] = Neutralise(joinThemes(r.Themes))
		rec[15] = r.SubmittedAt.UTC().Format(time.RFC3339)
		return cw.Write(rec)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// Neutralise keeps a spreadsheet from reading a cell as a formula: a value
// that begins with =, +, -, @, a tab or a carriage return gets a leading
// single quote, which spreadsheets show as text.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
