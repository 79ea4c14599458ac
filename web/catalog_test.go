package web

import (
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/internal/lang"
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
		for key, s := range en {
			got, ok := cats[l][key]
			switch {
			case !ok:
				t.Errorf("%s.json lacks %q", l, key)
			case strings.TrimSpace(got) == "":
				t.Errorf("%s.json: %q is empty", l, key)
			case verbs(got) != verbs(s):
				t.Errorf("%s.json: %q takes %s, English takes %s", l, key, verbs(got), verbs(s))
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

var (
	templateKeyRE = regexp.MustCompile(`\bt "([a-z0-9_.]+)"`)
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
			var v string
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
