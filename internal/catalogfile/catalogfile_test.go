package catalogfile

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/leonelquinteros/gotext/plurals"
	"golang.org/x/text/language"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/web/locales"
)

type format struct {
	name  string
	write func(*File) ([]byte, error)
	read  func([]byte, string, []string, locales.Catalog) (*File, []string, error)
}

var formats = []format{{"xliff", XLIFF, ReadXLIFF}, {"po", PO, ReadPO}}

func mustEnglish(t *testing.T) ([]string, locales.Catalog) {
	t.Helper()
	keys, err := locales.Keys()
	if err != nil {
		t.Fatal(err)
	}
	en, _, err := locales.LoadLanguage("en")
	if err != nil {
		t.Fatal(err)
	}
	return keys, en
}

// Exporting a language's catalog to a translator's file and importing the
// file gives the same catalog, in both formats and every language.
func TestRoundTrip(t *testing.T) {
	keys, en := mustEnglish(t)
	for _, l := range lang.Supported {
		want, _, err := locales.LoadLanguage(l)
		if err != nil {
			t.Fatal(err)
		}
		for _, ft := range formats {
			f, err := FromSource(l)
			if err != nil {
				t.Fatal(err)
			}
			b, err := ft.write(f)
			if err != nil {
				t.Fatalf("%s %s: %v", l, ft.name, err)
			}
			back, ignored, err := ft.read(b, l, keys, en)
			if err != nil {
				t.Fatalf("%s %s: read back: %v", l, ft.name, err)
			}
			got, untranslated, err := Merge(back, nil)
			if err != nil {
				t.Fatalf("%s %s: %v", l, ft.name, err)
			}
			if len(ignored) > 0 || len(untranslated) > 0 {
				t.Errorf("%s %s: ignored %q, untranslated %q", l, ft.name, ignored, untranslated)
			}
			if !reflect.DeepEqual(got, want) {
				for k := range want {
					if !reflect.DeepEqual(got[k], want[k]) {
						t.Errorf("%s %s: %q = %#v, want %#v", l, ft.name, k, got[k], want[k])
					}
				}
				t.Fatalf("%s %s: the catalog changed on the way", l, ft.name)
			}
		}
	}
}

// The JSON written from a catalog is the file the catalog came from.
func TestWriteJSONKeepsTheFile(t *testing.T) {
	for _, l := range lang.Supported {
		src, err := os.ReadFile(filepath.Join("..", "..", "web", "locales", l+".json"))
		if err != nil {
			t.Fatal(err)
		}
		keys, err := locales.KeysOf(src)
		if err != nil {
			t.Fatal(err)
		}
		c, _, _ := locales.LoadLanguage(l)
		got, err := WriteJSON(c, keys)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(src) {
			t.Errorf("%s.json written back differs from the file", l)
		}
	}
}

// msgstr[i] of a PO file is the i-th CLDR form of the language for every
// count: the Plural-Forms rule and the catalogs agree.
func TestPluralRulesFollowCLDROrder(t *testing.T) {
	for _, l := range lang.Supported {
		rule, ok := PluralRule(l)
		if !ok {
			t.Fatalf("no plural rule for %s", l)
		}
		_, expr, _ := strings.Cut(rule, "plural=")
		e, err := plurals.Compile(strings.TrimSuffix(expr, ";"))
		if err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		forms := locales.PluralForms(l)
		if nplurals(rule) != len(forms) {
			t.Errorf("%s: %s, but the language has the forms %q", l, rule, forms)
		}
		for n := range 2001 {
			i := e.Eval(uint32(n))
			if i >= len(forms) || forms[i] != locales.PluralForm(language.Make(l), n) {
				t.Errorf("%s, %d: msgstr[%d], CLDR form %q (forms %q)", l, n, i, locales.PluralForm(language.Make(l), n), forms)
				break
			}
		}
	}
	if got, want := locales.PluralForms("ru"), []string{"one", "few", "many", "other"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Russian forms = %q, want %q", got, want)
	}
	if got, want := locales.PluralForms("zh"), []string{"other"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Chinese forms = %q, want %q", got, want)
	}
}

// The PO files pass gettext's own check, where gettext is installed.
func TestPOPassesMsgfmt(t *testing.T) {
	msgfmt, err := exec.LookPath("msgfmt")
	if err != nil {
		t.Skip("gettext's msgfmt is not installed")
	}
	for _, l := range lang.Supported {
		f, err := FromSource(l)
		if err != nil {
			t.Fatal(err)
		}
		b, err := PO(f)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), l+".po")
		os.WriteFile(path, b, 0o644)
		if out, err := exec.Command(msgfmt, "--check", "-o", os.DevNull, path).CombinedOutput(); err != nil {
			t.Errorf("msgfmt --check %s.po: %v\n%s", l, err, out)
		}
	}
}

// Quotes, backslashes, line breaks and markup survive both formats.
func TestSpecialCharactersSurvive(t *testing.T) {
	keys := []string{"a", "b"}
	en := locales.Catalog{"a": {Text: "Say \"%v\"\nthen <b>&</b> \\ go"}, "b": {Forms: map[string]string{"one": "%v item", "other": "%v items"}}}
	ru := locales.Catalog{"a": {Text: "Скажите \"%v\"\nзатем <b>&</b> \\ идите"}, "b": {Forms: map[string]string{"one": "%v «штука»", "few": "%v штуки", "many": "%v штук", "other": "%v штуки"}}}
	for _, ft := range formats {
		b, err := ft.write(Build("ru", keys, en, ru))
		if err != nil {
			t.Fatal(err)
		}
		back, _, err := ft.read(b, "ru", keys, en)
		if err != nil {
			t.Fatalf("%s: %v\n%s", ft.name, err, b)
		}
		got, _, err := Merge(back, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, ru) {
			t.Errorf("%s: got %#v, want %#v\n%s", ft.name, got, ru, b)
		}
	}
}

// A file that drops a placeholder, lacks a plural form or is for another
// language is refused, with every problem named.
func TestBadTranslationsAreRefused(t *testing.T) {
	keys := []string{"a", "b", "c"}
	en := locales.Catalog{"a": {Text: "Question %v"}, "b": {Forms: map[string]string{"one": "%v item", "other": "%v items"}}, "c": {Text: "Yes"}}
	bad := locales.Catalog{"a": {Text: "Вопрос"}, "b": {Forms: map[string]string{"one": "%v штука", "other": "%v штуки"}}}
	for _, ft := range formats {
		b, _ := ft.write(Build("ru", keys, en, bad))
		f, _, err := ft.read(b, "ru", keys, en)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = Merge(f, nil)
		if err == nil {
			t.Fatalf("%s: a bad translation was accepted", ft.name)
		}
		for _, want := range []string{`a: placeholders "", want "%v"`, `b: no text for the plural form "few"`, `b: no text for the plural form "many"`} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %q lacks %q", ft.name, err, want)
			}
		}
		if _, _, err := ft.read(b, "zh", keys, en); err == nil {
			t.Errorf("%s: a Russian file was read as Chinese", ft.name)
		}
	}
	// What a file leaves untranslated keeps the catalog's text, or is
	// reported.
	f := Build("ru", keys, en, locales.Catalog{"a": {Text: "Вопрос %v"}})
	got, untranslated, err := Merge(f, locales.Catalog{"c": {Text: "Да"}})
	if err != nil {
		t.Fatal(err)
	}
	if got["c"].Text != "Да" || got["a"].Text != "Вопрос %v" || !reflect.DeepEqual(untranslated, []string{"b"}) {
		t.Errorf("merge = %v, untranslated %q", got, untranslated)
	}
}
