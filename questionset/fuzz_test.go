package questionset

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds the consultation file parser anything: it never panics,
// and a file it accepts holds only texts within their limits.
func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte(header))
	f.Add([]byte("format: vaconsult/consultation/v1\nslug: a\n"))
	f.Add([]byte("{}"))
	f.Add([]byte("- a\n- b\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Add([]byte(strings.Replace(valid, "Test", "\"T\\0est\"", 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			return
		}
		check := func(what string, tx Text, max int) {
			for l, s := range tx {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) || utf8.RuneCountInString(s) > max {
					t.Fatalf("Parse accepted %s.%s = %q", what, l, s)
				}
			}
		}
		check("title", file.Title, MaxTitleLength)
		check("context", file.Context, MaxContextLength)
		for _, s := range file.QuestionSets {
			for _, q := range s.Questions {
				check("text", q.Text, MaxQuestionLength)
				check("hint", q.Hint, MaxQuestionLength)
			}
		}
	})
}
