// Package locales holds the message catalogs of vaconsult, one JSON file per
// language, shared by the pages and the exports so that both say the same
// things the same way.
package locales

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/vaconsult/vaconsult/internal/lang"
)

//go:embed *.json
var files embed.FS

// Catalog is the text of one language, by message key.
type Catalog map[string]Message

// Load reads the catalog of every supported language. It fails when one is
// missing or is not a JSON object of texts and plural forms.
func Load() (map[string]Catalog, error) {
	out := map[string]Catalog{}
	for _, l := range lang.Supported {
		b, err := files.ReadFile(l + ".json")
		if err != nil {
			return nil, fmt.Errorf("locales: catalog %s: %w", l, err)
		}
		var c Catalog
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("locales: catalog %s: %w", l, err)
		}
		out[l] = c
	}
	return out, nil
}

// Embedded returns the catalogs of every supported language, read once.
// It panics when one is broken, which the catalog tests rule out.
var Embedded = sync.OnceValue(func() map[string]Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
})

// regionKeys names the catalog key of each region of the reference data
// (refdata, the countries table), by its English name as stored.
var regionKeys = map[string]string{
	"Africa":                          "region.africa",
	"Americas":                        "region.americas",
	"East & South Asia & Pacific":     "region.asia_pacific",
	"Europe, Caucasus & Central Asia": "region.europe",
	"Middle East & North Africa":      "region.middle_east",
}

// RegionKey returns the catalog key of the name of region, given as
// stored, and false for a region an administrator added or renamed, which
// has no translation and shows as stored.
func RegionKey(region string) (string, bool) {
	k, ok := regionKeys[region]
	return k, ok
}

// RegionKeys returns every region's key, for the tests that check them.
func RegionKeys() map[string]string {
	out := make(map[string]string, len(regionKeys))
	for r, k := range regionKeys {
		out[r] = k
	}
	return out
}

// NewPrinter returns a printer of the language l of catalogs.
func NewPrinter(catalogs map[string]Catalog, l string) *Printer {
	return &Printer{Lang: l, tag: language.Make(l), cat: catalogs[l], en: catalogs["en"]}
}

// Message is one entry of a catalog. Most are a text. A message with a
// count is an object instead, with a text per CLDR plural category that
// the language uses for whole numbers ("zero", "one", "two", "few",
// "many", "other": English needs one and other, Arabic all six); its
// count is its last argument.
type Message struct {
	Text  string
	Forms map[string]string
}

// UnmarshalJSON reads a text, or an object of plural forms.
func (m *Message) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &m.Text); err == nil {
		return nil
	}
	if err := json.Unmarshal(b, &m.Forms); err != nil {
		return fmt.Errorf("want a text or an object of plural forms: %w", err)
	}
	if m.Forms["other"] == "" {
		return fmt.Errorf("plural forms %v lack \"other\"", keys(m.Forms))
	}
	return nil
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Printer translates message keys into one language, falling back to
// English.
type Printer struct {
	Lang string
	tag  language.Tag
	cat  Catalog
	en   Catalog
}

// lookup returns the message for key; a key missing from the language
// falls back to English, and one missing from English shows as itself.
// The catalog tests rule out both.
func (p *Printer) lookup(key string) Message {
	if m, ok := p.cat[key]; ok {
		return m
	}
	if m, ok := p.en[key]; ok {
		return m
	}
	return Message{Text: key}
}

// T returns the message for key, formatted with args as by fmt.Sprintf.
// For a message with a count, the count (the last argument, a whole
// number) chooses the plural form.
func (p *Printer) T(key string, args ...any) string {
	m := p.lookup(key)
	if m.Forms == nil {
		return format(m.Text, args)
	}
	form := "other"
	if n, ok := count(args); ok {
		form = PluralForm(p.tag, n)
	}
	s, ok := m.Forms[form]
	if !ok {
		s = m.Forms["other"]
	}
	return format(s, args)
}

// Plurals returns every plural form of key in the language, formatted
// with args, as a JSON object by category: the script picks one with
// Intl.PluralRules, for a count it puts where the last argument is (a
// placeholder such as "{n}").
func (p *Printer) Plurals(key string, args ...any) (string, error) {
	m := p.lookup(key)
	forms := map[string]string{"other": format(m.Text, args)}
	if m.Forms != nil {
		forms = map[string]string{}
		for f, s := range m.Forms {
			forms[f] = format(s, args)
		}
	}
	b, err := json.Marshal(forms)
	return string(b), err
}

// format is fmt.Sprintf, except that a plural form which leaves out the
// count ("one character" rather than "1 character") takes no argument.
func format(s string, args []any) string {
	if len(args) == 0 {
		return s
	}
	if !strings.Contains(strings.ReplaceAll(s, "%%", ""), "%") {
		return strings.ReplaceAll(s, "%%", "%")
	}
	return fmt.Sprintf(s, args...)
}

// count returns the last argument as a count, when it is a whole number.
func count(args []any) (int, bool) {
	if len(args) == 0 {
		return 0, false
	}
	switch n := args[len(args)-1].(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case int32:
		return int(n), true
	case Num:
		return n.N, true
	}
	return 0, false
}

var formNames = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

// PluralForm returns the CLDR plural category of the whole number n in
// the language tag.
func PluralForm(tag language.Tag, n int) string {
	if n < 0 {
		n = -n
	}
	return formNames[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]
}

// cldrOrder is the order of CLDR's plural categories, in which catalogs
// and translation files list a message's forms.
var cldrOrder = []string{"zero", "one", "two", "few", "many", "other"}

// PluralForms returns the plural forms a message with a count has in
// language l, in CLDR order: the categories whole numbers fall in, and
// "other", which every message has (Russian uses it only for fractions).
func PluralForms(l string) []string {
	tag := language.Make(l)
	used := map[string]bool{"other": true}
	for n := range 1001 {
		used[PluralForm(tag, n)] = true
	}
	for _, n := range []int{10_000, 100_000, 1_000_000, 1_000_000_000} {
		used[PluralForm(tag, n)] = true
	}
	var out []string
	for _, f := range cldrOrder {
		if used[f] {
			out = append(out, f)
		}
	}
	return out
}

// LoadLanguage reads the catalog of language l, supported or not yet; ok
// is false when there is none.
func LoadLanguage(l string) (c Catalog, ok bool, err error) {
	b, err := files.ReadFile(l + ".json")
	if err != nil {
		return Catalog{}, false, nil
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, false, fmt.Errorf("locales: catalog %s: %w", l, err)
	}
	return c, true, nil
}

// Keys returns the keys of the English catalog in the order of its file,
// which groups messages by page: the order of a translator's file and of
// every catalog written from one.
func Keys() ([]string, error) {
	b, err := files.ReadFile("en.json")
	if err != nil {
		return nil, fmt.Errorf("locales: %w", err)
	}
	return KeysOf(b)
}

// KeysOf returns the keys of a JSON catalog in the order of the file.
func KeysOf(b []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("locales: %w", err)
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("locales: %w", err)
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, fmt.Errorf("locales: %w", err)
		}
		keys = append(keys, k.(string))
	}
	return keys, nil
}
