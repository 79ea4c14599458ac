package export

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vaconsult/vaconsult/internal/bidi"

	"github.com/vaconsult/vaconsult/store"
)

// bom makes Excel read the file as UTF-8, so that accents and Arabic come
// out right.
const bom = "\uFEFF"

// csvColumns are the keys of the column headers, in order.
var csvColumns = []string{"consultation", "response", "audience", "respondent", "attribution", "kind",
	"country", "country_code", "region", "language", "question_number", "question_text", "choice",
	"answer", "themes", "key_points", "translations", "submitted_at", "documents", "classification"}

// WriteCSV writes one row per answer (long format): RFC 4180, CRLF line
// ends, UTF-8 with a byte-order mark. The column headers, country and
// region names are in the source's language; audiences, attributions,
// kinds and languages are codes, the same in every language. Text cells
// are neutralised against formula injection. Of an anonymous answer in the
// public variant, the response, respondent, kind, country, region and time
// of submission are empty. The themes column lists the themes the answer
// is tagged with; the key points column repeats, on each answer, the
// Co-Chairs' key points for its question. The last column classifies each row:
// confidential in the internal variant, public in the other.
func WriteCSV(w io.Writer, src *Source) error {
	t := src.texts()
	header := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		header[i] = t.T("export.csv." + c)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(bom); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	slug := src.Consultation.Slug
	rec := make([]string, len(header))
	// Every row says whether it is confidential, so that rows copied
	// out of the file keep their marking.
	rec[19] = t.T("export.csv.public")
	if src.Variant == Internal {
		rec[19] = t.T("export.csv.confidential")
	}
	docs, err := src.documents()
	if err != nil {
		return err
	}
	keyPoints := map[int64]string{}
	for _, q := range src.Summary.Questions {
		keyPoints[q.Question.ID] = Neutralise(q.KeyPoints)
	}
	err = src.each(func(r *store.ExportRow) error {
		rec[0] = slug
		rec[1], rec[17] = "", ""
		if !r.Withheld() {
			rec[1] = strconv.FormatInt(r.ResponseID, 10)
			rec[17] = r.SubmittedAt.UTC().Format(time.RFC3339)
		}
		rec[2] = string(r.Audience)
		rec[3] = Neutralise(r.Respondent)
		rec[4] = string(r.Attribution)
		rec[5] = string(r.Kind)
		rec[6] = Neutralise(t.country(r.Country, r.CountryName))
		rec[7] = r.Country
		rec[8] = ""
		if r.Region != "" {
			rec[8] = Neutralise(t.region(r.Region, false))
		}
		rec[9] = r.Language
		rec[10] = strconv.Itoa(r.QuestionNumber)
		rec[11] = Neutralise(r.QuestionText)
		rec[12] = Neutralise(r.ChoiceLabel)
		rec[13] = Neutralise(r.Text)
		rec[14] = Neutralise(joinThemes(r.Themes))
		rec[15] = keyPoints[r.QuestionID]
		rec[16] = Neutralise(t.translations(r.Translations))
		rec[18] = Neutralise(documentsCell(docs[r.ResponseID]))
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

// Neutralise keeps a spreadsheet that opens a CSV file from reading a cell
// as a formula: a value that begins with =, +, -, @, a tab, a carriage
// return or a line feed gets a leading single quote, which spreadsheets
// take as "text" and some show. So does one where such a sign follows
// spaces or invisible characters (zero-width spaces and joiners, a
// byte-order mark, bidirectional controls), which spreadsheets skip, and
// one that begins with a fullwidth ＝, ＋, － or ＠, which they read as the
// ASCII sign. CSV has no cell types, so this is the only defence it has;
// the XLSX export needs none, as its cells are typed as text.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '\t', '\r', '\n':
		return "'" + s
	}
	rest := strings.TrimLeftFunc(s, skipped)
	if r, _ := utf8.DecodeRuneInString(rest); strings.ContainsRune(formulaSigns, r) && rest != "" {
		return "'" + s
	}
	return s
}

// formulaSigns start a formula in a spreadsheet, in ASCII and fullwidth.
const formulaSigns = "=+-@\uFF1D\uFF0B\uFF0D\uFF20"

// skipped reports whether a spreadsheet passes over r before a formula:
// white space, and the characters that show nothing.
func skipped(r rune) bool {
	switch {
	case unicode.IsSpace(r), bidi.IsControl(r):
		return true
	case r >= '\u200B' && r <= '\u200F', r == '\u2060', r == '\uFEFF', r == '\u061C', r == '\u180E':
		return true
	}
	return false
}
