package web

import (
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/web/locales"
)

var verbRE = regexp.MustCompile(`%(\[\d+\])?v`)

// TestCatalogsHaveEveryKey fails when a message is missing in a language,
// is only in some language, or takes other arguments than in English.
func TestCatalogsHaveEveryKey(t *testing.T) {
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	en := cats["en"]
	for _, l := range lang.Supported {
		for key, m := range en {
			got, ok := cats[l][key]
			switch {
			case !ok:
				t.Errorf("%s.json lacks %q", l, key)
			case (got.Forms == nil) != (m.Forms == nil):
				t.Errorf("%s.json: %q has plural forms in one language and not in the other", l, key)
			case got.Forms == nil && strings.TrimSpace(got.Text) == "":
				t.Errorf("%s.json: %q is empty", l, key)
			case got.Forms == nil && verbs(got.Text) != verbs(m.Text):
				t.Errorf("%s.json: %q takes %s, English takes %s", l, key, verbs(got.Text), verbs(m.Text))
			case got.Forms != nil && verbs(got.Forms["other"]) != verbs(m.Forms["other"]):
				t.Errorf("%s.json: %q (other) takes %s, English takes %s", l, key, verbs(got.Forms["other"]), verbs(m.Forms["other"]))
			}
		}
		for key := range cats[l] {
			if _, ok := en[key]; !ok {
				t.Errorf("%s.json has %q, which en.json lacks", l, key)
			}
		}
	}
}

func verbs(s string) string {
	found := verbRE.FindAllString(s, -1)
	sort.Strings(found)
	return strings.Join(found, " ")
}

// pluralsNeeded returns the CLDR plural categories that whole numbers fall
// in, in language l: the forms every message with a count must have.
func pluralsNeeded(l string) map[string]bool {
	tag := language.Make(l)
	need := map[string]bool{}
	for n := range 1001 {
		need[locales.PluralForm(tag, n)] = true
	}
	for _, n := range []int{10_000, 100_000, 1_000_000, 1_000_000_000} {
		need[locales.PluralForm(tag, n)] = true
	}
	return need
}

// TestPluralMessagesHaveTheirLanguagesForms fails when a message with a
// count lacks a plural form its language needs, has one its language
// never uses, or formats badly for some count.
func TestPluralMessagesHaveTheirLanguagesForms(t *testing.T) {
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	if got := pluralsNeeded("ar"); len(got) != 6 {
		t.Fatalf("Arabic plural categories = %v, want all six", got)
	}
	plurals := 0
	for _, l := range lang.Supported {
		need := pluralsNeeded(l)
		p := cats.printer(l)
		for key, m := range cats[l] {
			if m.Forms == nil {
				continue
			}
			plurals++
			for f := range need {
				if strings.TrimSpace(m.Forms[f]) == "" {
					t.Errorf("%s.json: %q lacks its %q form", l, key, f)
				}
			}
			for f := range m.Forms {
				// "other" is always allowed: the catalogs require it as the
				// fallback, and Russian uses it only for fractions.
				if !need[f] && f != "other" {
					t.Errorf("%s.json: %q has a %q form, which %s does not use", l, key, f, l)
				}
			}
			args := []any{}
			for range verbRE.FindAllString(cats["en"][key].Forms["other"], -1) {
				args = append(args, 7)
			}
			for _, n := range []int{0, 1, 2, 3, 11, 100, 1000} {
				if len(args) == 0 {
					t.Fatalf("%s.json: %q has plural forms but no count", l, key)
				}
				args[len(args)-1] = n
				if got := p.T(key, args...); strings.Contains(got, "%!") {
					t.Errorf("%s.json: %q for %d formats as %q", l, key, n, got)
				}
			}
		}
	}
	if plurals == 0 {
		t.Fatal("no message has plural forms")
	}
}

var (
	templateKeyRE = regexp.MustCompile(`\b(?:t|plurals) "([a-z0-9_.]+)"`)
	goKeyRE       = regexp.MustCompile(`(?:h\.t\(c, |Key: |titleKey |newView\(c, )"([a-z0-9_]+\.[a-z0-9_.]*[a-z0-9_])"`)
)

// TestEveryKeyUsedExists fails when a template or a handler names a message
// that en.json lacks.
func TestEveryKeyUsedExists(t *testing.T) {
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]string{}
	fs.WalkDir(templateFS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := fs.ReadFile(templateFS, path)
		for _, m := range templateKeyRE.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = path
		}
		return nil
	})
	for _, dir := range []string{".", "form"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
				continue
			}
			b, _ := os.ReadFile(dir + "/" + e.Name())
			for _, m := range goKeyRE.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = e.Name()
			}
		}
	}
	if len(used) < 100 {
		t.Fatalf("found only %d keys in use: the patterns no longer match the code", len(used))
	}
	for key, where := range used {
		if _, ok := cats["en"][key]; !ok {
			t.Errorf("%s uses %q, which en.json lacks", where, key)
		}
	}
}

// TestCatalogsHaveNoDuplicateKeys guards against a duplicated key, which JSON
// decoding would silently resolve to the last.
func TestCatalogsHaveNoDuplicateKeys(t *testing.T) {
	for _, l := range lang.Supported {
		b, err := os.ReadFile("locales/" + l + ".json")
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(strings.NewReader(string(b)))
		seen := map[string]bool{}
		dec.Token() // {
		for dec.More() {
			k, _ := dec.Token()
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("%s.json: %v", l, err)
			}
			if seen[k.(string)] {
				t.Errorf("%s.json has %q twice", l, k)
			}
			seen[k.(string)] = true
		}
	}
}
