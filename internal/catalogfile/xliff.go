package catalogfile

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"golang.org/x/text/language"

	"github.com/vaconsult/vaconsult/web/locales"
)

// The parts of an XLIFF 1.2 file that a catalog reads. A message with a
// count is a group of restype "x-gettext-plurals", as translation tools
// write gettext's plural messages, with a unit per plural form of the
// language: "key[one]", "key[few]".
type (
	xliffDoc struct {
		XMLName xml.Name `xml:"urn:oasis:names:tc:xliff:document:1.2 xliff"`
		Version string   `xml:"version,attr"`
		File    struct {
			Target string     `xml:"target-language,attr"`
			Groups []xliffGrp `xml:"body>group"`
			Units  []xliffTU  `xml:"body>trans-unit"`
		} `xml:"file"`
	}
	xliffGrp struct {
		ID    string    `xml:"id,attr"`
		Units []xliffTU `xml:"trans-unit"`
	}
	xliffTU struct {
		ID     string  `xml:"id,attr"`
		Target *string `xml:"target"`
	}
)

// XLIFF writes f as an XLIFF 1.2 document from English to f.Lang. An
// untranslated message has no target.
func XLIFF(f *File) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">` + "\n")
	fmt.Fprintf(&b, `  <file original="web/locales/en.json" source-language="en" target-language="%s" datatype="plaintext">`+"\n", xmlEscape(f.Lang))
	b.WriteString("    <body>\n")
	forms := locales.PluralForms(f.Lang)
	for _, e := range f.Entries {
		if !e.Plural() {
			writeUnit(&b, "      ", e.Key, e.Source.Text, e.Target.Text, e.Translated(), placeholderNote(e.Source.Text))
			continue
		}
		fmt.Fprintf(&b, "      <group id=\"%s\" restype=\"x-gettext-plurals\">\n", xmlEscape(e.Key))
		for _, form := range forms {
			note := strings.TrimSpace(formNote(f.Lang, form) + " " + placeholderNote(e.SourceForm(form)))
			writeUnit(&b, "        ", e.Key+"["+form+"]", e.SourceForm(form), e.Target.Forms[form], e.Translated(), note)
		}
		b.WriteString("      </group>\n")
	}
	b.WriteString("    </body>\n  </file>\n</xliff>\n")
	return b.Bytes(), nil
}

func writeUnit(b *bytes.Buffer, indent, id, source, target string, translated bool, note string) {
	fmt.Fprintf(b, "%s<trans-unit id=\"%s\" resname=\"%s\" xml:space=\"preserve\">\n", indent, xmlEscape(id), xmlEscape(id))
	fmt.Fprintf(b, "%s  <source>%s</source>\n", indent, xmlEscape(source))
	if translated {
		fmt.Fprintf(b, "%s  <target state=\"translated\">%s</target>\n", indent, xmlEscape(target))
	}
	if note != "" {
		fmt.Fprintf(b, "%s  <note>%s</note>\n", indent, xmlEscape(note))
	}
	fmt.Fprintf(b, "%s</trans-unit>\n", indent)
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	// EscapeText writes a line break as &#xA;, which XML reads back the
	// same; a plain one reads better in a translation tool.
	return strings.ReplaceAll(b.String(), "&#xA;", "\n")
}

// placeholderNote tells the translator what the placeholders of s are.
func placeholderNote(s string) string {
	if !verbRE.MatchString(s) {
		return ""
	}
	note := "Keep each placeholder (" + verbs(s) + "): it stands for a value, such as a number, a name or a date."
	if strings.Contains(s, "%[") {
		note += " %[2]v is the second value, wherever it stands: the order may change."
	}
	return note
}

// formNote says for which counts a plural form is used, by example.
func formNote(l, form string) string {
	var examples []string
	for n := 0; n <= 1000 && len(examples) < 6; n++ {
		if locales.PluralForm(language.Make(l), n) == form {
			examples = append(examples, fmt.Sprint(n))
		}
	}
	if len(examples) == 0 {
		return fmt.Sprintf("Plural form %q: for fractions.", form)
	}
	return fmt.Sprintf("Plural form %q: for counts such as %s.", form, strings.Join(examples, ", "))
}

// ReadXLIFF reads an XLIFF 1.2 document into the entries of the English
// catalog keys/en, for the language the document targets, which must be
// l. Units the catalog does not know are left out and named in ignored.
func ReadXLIFF(data []byte, l string, keys []string, en locales.Catalog) (f *File, ignored []string, err error) {
	var doc xliffDoc
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, nil, fmt.Errorf("not an XLIFF 1.2 file: %w", err)
	}
	if doc.Version != "1.2" {
		return nil, nil, fmt.Errorf("XLIFF version %q: want 1.2", doc.Version)
	}
	if doc.File.Target != l {
		return nil, nil, fmt.Errorf("the file translates into %q, not %q", doc.File.Target, l)
	}
	targets := map[string]locales.Message{}
	for _, u := range doc.File.Units {
		if u.Target == nil || *u.Target == "" {
			continue
		}
		targets[u.ID] = locales.Message{Text: *u.Target}
	}
	for _, g := range doc.File.Groups {
		forms := map[string]string{}
		for _, u := range g.Units {
			form, ok := strings.CutPrefix(u.ID, g.ID+"[")
			if !ok || !strings.HasSuffix(form, "]") {
				return nil, nil, fmt.Errorf("unit %q of group %q: want an id such as %q", u.ID, g.ID, g.ID+"[other]")
			}
			if u.Target != nil && *u.Target != "" {
				forms[strings.TrimSuffix(form, "]")] = *u.Target
			}
		}
		if len(forms) > 0 {
			targets[g.ID] = locales.Message{Forms: forms}
		}
	}
	f = Build(l, keys, en, targets)
	for k := range targets {
		if _, ok := en[k]; !ok {
			ignored = append(ignored, k)
		}
	}
	return f, ignored, nil
}
