package invitation

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRead feeds the invitation list reader anything, CSV or not: it
// never panics, and a row it finds nothing wrong with holds only text
// PostgreSQL can store.
func FuzzRead(f *testing.F) {
	f.Add([]byte("audience,kind,name,country,contributor,email,language\nstates-parties,state,Cambodia,KH,Sok Dara,sok@example.org,en\n"))
	f.Add([]byte("\xEF\xBB\xBFname;country\nRéseau;KH\n"))
	f.Add([]byte("name,country\n\"a\x00b\",KH\n"))
	f.Add([]byte("name,country\n\xff,KH\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("name\n\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(data)
		if err != nil {
			return
		}
		for _, r := range file.Rows {
			if len(r.Problems) > 0 {
				continue
			}
			for _, s := range []string{r.Audience, r.Kind, r.Name, r.Country, r.Contributor, r.Email, r.Language} {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Fatalf("Read(%q): row %d passes %q", data, r.Line, s)
				}
			}
		}
	})
}
