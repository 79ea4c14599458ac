// Package catalogfile converts the message catalogs of the interface to
// and from the files translators work in: XLIFF 1.2 and gettext PO. A
// file pairs each English message with its translation into one language;
// a message with a count has a form per CLDR plural category of that
// language, in CLDR order.
package catalogfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/vaconsult/vaconsult/web/locales"
)

// Entry is one message: its English text and its translation, whose
// Text and Forms are both empty while it is not translated.
type Entry struct {
	Key    string
	Source locales.Message
	Target locales.Message
}

// Plural reports whether the message takes a count.
func (e Entry) Plural() bool { return e.Source.Forms != nil }

// Translated reports whether the entry has a translation.
func (e Entry) Translated() bool { return e.Target.Text != "" || len(e.Target.Forms) > 0 }

// SourceForm returns the English text that stands for form f of the
// target language: English's own form f when it has one, else its
// "other".
func (e Entry) SourceForm(f string) string {
	if s, ok := e.Source.Forms[f]; ok {
		return s
	}
	return e.Source.Forms["other"]
}

// File is a translator's file: every message of the English catalog, in
// its order, with its translation into Lang.
type File struct {
	Lang    string
	Entries []Entry
}

// Build pairs the English catalog, whose keys come in the order keys,
// with the catalog of language l.
func Build(l string, keys []string, en, target locales.Catalog) *File {
	f := &File{Lang: l}
	for _, k := range keys {
		f.Entries = append(f.Entries, Entry{Key: k, Source: en[k], Target: target[k]})
	}
	return f
}

// FromSource builds the file of language l from the catalogs built into
// vaconsult.
func FromSource(l string) (*File, error) {
	keys, err := locales.Keys()
	if err != nil {
		return nil, err
	}
	en, _, err := locales.LoadLanguage("en")
	if err != nil {
		return nil, err
	}
	target, _, err := locales.LoadLanguage(l)
	if err != nil {
		return nil, err
	}
	return Build(l, keys, en, target), nil
}

// verbRE finds the placeholders of a message (%v, %[2]v), which a
// translation must keep, and %% (a percent sign).
var verbRE = regexp.MustCompile(`%(\[\d+\])?v`)

func verbs(s string) string {
	found := verbRE.FindAllString(s, -1)
	sort.Strings(found)
	return strings.Join(found, " ")
}

// Merge returns the catalog that the translations of f make, over base:
// a message f leaves untranslated keeps its text in base, if any. It
// fails, listing every problem, when a translation drops or adds a
// placeholder, or lacks a plural form the language needs; untranslated
// lists the keys that have no text in either.
func Merge(f *File, base locales.Catalog) (out locales.Catalog, untranslated []string, err error) {
	out = locales.Catalog{}
	forms := locales.PluralForms(f.Lang)
	var problems []string
	for _, e := range f.Entries {
		if !e.Translated() {
			if m, ok := base[e.Key]; ok {
				out[e.Key] = m
			} else {
				untranslated = append(untranslated, e.Key)
			}
			continue
		}
		problems = append(problems, check(e, forms)...)
		out[e.Key] = e.Target
	}
	if len(problems) > 0 {
		return nil, nil, fmt.Errorf("%d problems:\n  %s", len(problems), strings.Join(problems, "\n  "))
	}
	return out, untranslated, nil
}

// check returns what is wrong with the translation of e.
func check(e Entry, forms []string) []string {
	var problems []string
	if !e.Plural() {
		if e.Target.Forms != nil {
			return []string{fmt.Sprintf("%s: has plural forms, but the English message takes no count", e.Key)}
		}
		if got, want := verbs(e.Target.Text), verbs(e.Source.Text); got != want {
			problems = append(problems, fmt.Sprintf("%s: placeholders %q, want %q as in English", e.Key, got, want))
		}
		return problems
	}
	if e.Target.Forms == nil {
		return []string{fmt.Sprintf("%s: want a text for each plural form (%s)", e.Key, strings.Join(forms, ", "))}
	}
	for _, form := range forms {
		s, ok := e.Target.Forms[form]
		if !ok || strings.TrimSpace(s) == "" {
			problems = append(problems, fmt.Sprintf("%s: no text for the plural form %q", e.Key, form))
		}
	}
	for form := range e.Target.Forms {
		if !slices.Contains(forms, form) {
			problems = append(problems, fmt.Sprintf("%s: plural form %q, which the language does not use", e.Key, form))
		}
	}
	if got, want := verbs(e.Target.Forms["other"]), verbs(e.Source.Forms["other"]); got != want {
		problems = append(problems, fmt.Sprintf("%s: placeholders %q, want %q as in English", e.Key, got, want))
	}
	// A form may leave out the count ("one character"), never add a
	// placeholder that English lacks.
	english := verbRE.FindAllString(e.Source.Forms["other"], -1)
	for _, form := range forms {
		for _, v := range verbRE.FindAllString(e.Target.Forms[form], -1) {
			if !slices.Contains(english, v) {
				problems = append(problems, fmt.Sprintf("%s: form %q has the placeholder %s, which English lacks", e.Key, form, v))
			}
		}
	}
	return problems
}

// WriteJSON writes c as a catalog file: its keys in the order keys, each
// message's plural forms in CLDR order, two spaces of indent, and no
// escaping of the characters HTML reserves, so that the file reads as
// the text it holds.
func WriteJSON(c locales.Catalog, keys []string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("{\n")
	first := true
	for _, k := range keys {
		m, ok := c[k]
		if !ok {
			continue
		}
		if !first {
			b.WriteString(",\n")
		}
		first = false
		b.WriteString("  " + quoteJSON(k) + ": ")
		if m.Forms == nil {
			b.WriteString(quoteJSON(m.Text))
			continue
		}
		b.WriteString("{\n")
		n := 0
		for _, f := range []string{"zero", "one", "two", "few", "many", "other"} {
			s, ok := m.Forms[f]
			if !ok {
				continue
			}
			if n > 0 {
				b.WriteString(",\n")
			}
			n++
			b.WriteString("    " + quoteJSON(f) + ": " + quoteJSON(s))
		}
		b.WriteString("\n  }")
	}
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

func quoteJSON(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}
