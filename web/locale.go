package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/vaconsult/vaconsult/internal/lang"
)

//go:embed locales/*.json
var localeFS embed.FS

// message is one entry of a catalog. Most are a text. A message with a
// count is an object instead, with a text per CLDR plural category that
// the language uses for whole numbers ("zero", "one", "two", "few",
// "many", "other": English needs one and other, Arabic all six); its
// count is its last argument.
type message struct {
	text  string
	forms map[string]string
}

// UnmarshalJSON reads a text, or an object of plural forms.
func (m *message) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &m.text); err == nil {
		return nil
	}
	if err := json.Unmarshal(b, &m.forms); err != nil {
		return fmt.Errorf("want a text or an object of plural forms: %w", err)
	}
	if m.forms["other"] == "" {
		return fmt.Errorf("plural forms %v lack \"other\"", keys(m.forms))
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

// catalog is the interface text of one language, by message key.
type catalog map[string]message

// catalogs holds a catalog per supported language.
type catalogs map[string]catalog

// loadCatalogs reads the catalog of every supported language. It fails when
// one is missing or is not a JSON object of texts and plural forms.
func loadCatalogs() (catalogs, error) {
	out := catalogs{}
	for _, l := range lang.Supported {
		b, err := localeFS.ReadFile("locales/" + l + ".json")
		if err != nil {
			return nil, fmt.Errorf("web: catalog %s: %w", l, err)
		}
		var c catalog
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("web: catalog %s: %w", l, err)
		}
		out[l] = c
	}
	return out, nil
}

// printer translates message keys into one language.
type printer struct {
	lang string
	tag  language.Tag
	cat  catalog
	en   catalog
}

func (cs catalogs) printer(l string) *printer {
	return &printer{lang: l, tag: language.Make(l), cat: cs[l], en: cs["en"]}
}

// lookup returns the message for key; a key missing from the language
// falls back to English, and one missing from English shows as itself.
// The catalog tests rule out both.
func (p *printer) lookup(key string) message {
	if m, ok := p.cat[key]; ok {
		return m
	}
	if m, ok := p.en[key]; ok {
		return m
	}
	return message{text: key}
}

// T returns the message for key, formatted with args as by fmt.Sprintf.
// For a message with a count, the count (the last argument, a whole
// number) chooses the plural form.
func (p *printer) T(key string, args ...any) string {
	m := p.lookup(key)
	if m.forms == nil {
		return format(m.text, args)
	}
	form := "other"
	if n, ok := count(args); ok {
		form = pluralForm(p.tag, n)
	}
	s, ok := m.forms[form]
	if !ok {
		s = m.forms["other"]
	}
	return format(s, args)
}

// Plurals returns every plural form of key in the language, formatted
// with args, as a JSON object by category: the script picks one with
// Intl.PluralRules, for a count it puts where the last argument is (a
// placeholder such as "{n}").
func (p *printer) Plurals(key string, args ...any) (string, error) {
	m := p.lookup(key)
	forms := map[string]string{"other": format(m.text, args)}
	if m.forms != nil {
		forms = map[string]string{}
		for f, s := range m.forms {
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
	}
	return 0, false
}

var formNames = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

// pluralForm returns the CLDR plural category of the whole number n in
// the language tag.
func pluralForm(tag language.Tag, n int) string {
	if n < 0 {
		n = -n
	}
	return formNames[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]
}
