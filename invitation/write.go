package invitation

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/vaconsult/vaconsult/refdata"
	"github.com/vaconsult/vaconsult/store/domain"
)

// bom starts every CSV written here, so that Excel opens it as UTF-8 and
// shows accented and Arabic names as they are.
const bom = "\uFEFF"

// WriteTemplate writes the header of an invitation list and one example
// row.
func WriteTemplate(w io.Writer) error {
	return writeCSV(w, Columns, [][]string{
		{string(domain.AudienceStatesParties), string(domain.KindState), "Cambodia", "KH", "Sok Dara", "sok.dara@example.org", "en", "yes"},
	})
}

// WriteStatesParties writes a starter list: one row for every State that is
// a State Party today, with its country and region, the email and the
// contributor left to fill in. The region column is a guide for the
// secretariat; importing ignores it.
func WriteStatesParties(w io.Writer, countries []refdata.Country) error {
	var rows [][]string
	for _, c := range countries {
		if !c.StateParty {
			continue
		}
		rows = append(rows, []string{string(domain.AudienceStatesParties), string(domain.KindState), c.Name, c.ISO2, "", "", "", "", c.Region})
	}
	return writeCSV(w, append(append([]string{}, Columns...), "region"), rows)
}

// Link is an access link made for a contributor, for a mail merge.
type Link struct {
	Name        string // the respondent's
	Contributor string
	Email       string
	Language    string
	URL         string
}

// LinkColumns are the columns of a links file.
var LinkColumns = []string{"name", "contributor", "email", "language", "link"}

// WriteLinks writes links as CSV for a mail merge.
func WriteLinks(w io.Writer, links []Link) error {
	rows := make([][]string, len(links))
	for i, l := range links {
		rows[i] = []string{l.Name, l.Contributor, l.Email, l.Language, l.URL}
	}
	return writeCSV(w, LinkColumns, rows)
}

func writeCSV(w io.Writer, header []string, rows [][]string) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		for i, v := range r {
			r[i] = defuse(v)
		}
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse keeps a spreadsheet from running a cell as a formula: a value
// that starts as one gets a leading apostrophe, which Excel and LibreOffice
// read as "text".
func defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}
