package form

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/vaconsult/vaconsult/internal/edge"
)

// formSeeds are form bodies and queries as browsers and attackers send
// them.
var formSeeds = []string{
	"kind=organisation&name=R%C3%A9seau&country=kh&contributor=Ana&email=a%40example.org",
	"q-1-text=x&q-1-h=abc&q-1-v=3&q-1-choice=yes&q-1-resolve=theirs&answer-lang=fr",
	"audience=survivors&kind=individual&region=Asia&country=KH&language=ar&theme=7&page=2",
	"name=a%00b", "name=%FF", "q-99999999999999999999-h=x", "page=-1&theme=0", "region=%E2%80%AE", "a=1;b=2",
	"attribution=named&version=3", "name=" + strings.Repeat("x", 300),
}

// FuzzForms feeds every form binder what a browser may send, after the
// edge's check: they never panic, and pass on no value the edge refuses.
func FuzzForms(f *testing.F) {
	for _, s := range formSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil || edge.CheckForm(v) != nil {
			return // refused at the edge
		}
		for _, a := range ParseDraft(v) {
			if a.QuestionID <= 0 {
				t.Fatalf("ParseDraft(%q): question id %d", raw, a.QuestionID)
			}
		}
		reg := ParseRegistration(v)
		ParseSubmission(v)
		ParseEdit(v, "name", "version")
		for _, s := range []string{reg.Name, reg.Contributor, reg.Email, reg.Country} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Fatalf("ParseRegistration(%q) passes on %q", raw, s)
			}
		}
	})
}

// FuzzReviewFilter feeds the reviewers' query filters anything: a filter
// holds only text, and reads back from its own query as it was.
func FuzzReviewFilter(f *testing.F) {
	for _, s := range formSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, _ := url.ParseQuery(raw)
		got := ParseReviewFilter(v)
		for _, s := range []string{got.Region, got.Country, got.Language} {
			if edge.Text(s, edge.MaxQueryValue) != "" {
				t.Fatalf("ParseReviewFilter(%q) passes on %q", raw, s)
			}
		}
		if again := ParseReviewFilter(got.Values()); again != got {
			t.Fatalf("ParseReviewFilter(%q) = %+v, read back as %+v", raw, got, again)
		}
	})
}
