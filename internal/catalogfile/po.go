package catalogfile

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/leonelquinteros/gotext"

	"github.com/vaconsult/vaconsult/web/locales"
)

// pluralRules are gettext's Plural-Forms of each language, written so that
// msgstr[i] is the i-th of locales.PluralForms, in CLDR order. Russian
// keeps a fourth form, CLDR's "other", which only fractions take.
var pluralRules = map[string]string{
	"en": "nplurals=2; plural=(n != 1);",
	"es": "nplurals=2; plural=(n != 1);",
	"fr": "nplurals=2; plural=(n > 1);",
	"ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
	"ru": "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && n%100<=14) ? 2 : 3);",
	"zh": "nplurals=1; plural=0;",
}

// PluralRule returns the Plural-Forms header of language l, and false for
// a language whose rule vaconsult does not know.
func PluralRule(l string) (string, bool) {
	r, ok := pluralRules[l]
	return r, ok
}

// PO writes f as a gettext PO file: each message's key is its msgctxt,
// its English text the msgid; a message with a count has the English
// singular and plural as msgid and msgid_plural, and a msgstr[i] per
// plural form of the language, in CLDR order. An untranslated message
// has an empty msgstr.
func PO(f *File) ([]byte, error) {
	rule, ok := PluralRule(f.Lang)
	if !ok {
		return nil, fmt.Errorf("no gettext plural rule for %q", f.Lang)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# vaconsult: the interface's messages, from English into %s.\n", f.Lang)
	b.WriteString("# msgctxt is the message's key; keep every placeholder (%v, %[2]v) of the English text.\n")
	b.WriteString("msgid \"\"\nmsgstr \"\"\n")
	for _, h := range []string{"Project-Id-Version: vaconsult", "Language: " + f.Lang, "MIME-Version: 1.0",
		"Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 8bit", "Plural-Forms: " + rule} {
		b.WriteString(quotePO(h+"\n") + "\n")
	}
	forms := locales.PluralForms(f.Lang)
	for _, e := range f.Entries {
		b.WriteString("\n")
		if e.Plural() {
			var notes []string
			for i, form := range forms {
				notes = append(notes, fmt.Sprintf("msgstr[%d]: %s", i, formNote(f.Lang, form)))
			}
			b.WriteString("#. " + strings.Join(notes, "\n#. ") + "\n")
		}
		writeField(&b, "msgctxt", e.Key)
		if !e.Plural() {
			writeField(&b, "msgid", e.Source.Text)
			writeField(&b, "msgstr", e.Target.Text)
			continue
		}
		writeField(&b, "msgid", e.SourceForm("one"))
		writeField(&b, "msgid_plural", e.Source.Forms["other"])
		for i, form := range forms {
			writeField(&b, fmt.Sprintf("msgstr[%d]", i), e.Target.Forms[form])
		}
	}
	return b.Bytes(), nil
}

// writeField writes a keyword and its string, a text of several lines as
// one quoted line each, as gettext's tools do.
func writeField(b *bytes.Buffer, keyword, s string) {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) == 1 || (len(lines) == 2 && lines[1] == "") {
		b.WriteString(keyword + " " + quotePO(s) + "\n")
		return
	}
	b.WriteString(keyword + " \"\"\n")
	for _, l := range lines {
		if l != "" {
			b.WriteString(quotePO(l) + "\n")
		}
	}
}

// quotePO quotes s with the escapes of C strings that PO files use.
func quotePO(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

// ReadPO reads a PO file into the entries of the English catalog keys/en,
// for the language of its Language header, which must be l, and with as
// many plural forms as l has. Messages the catalog does not know are left
// out and named in ignored.
func ReadPO(data []byte, l string, keys []string, en locales.Catalog) (f *File, ignored []string, err error) {
	po := gotext.NewPo()
	po.Parse(data)
	if po.Language != l {
		return nil, nil, fmt.Errorf("the file's Language is %q, not %q", po.Language, l)
	}
	forms := locales.PluralForms(l)
	if n := nplurals(po.PluralForms); n != len(forms) {
		return nil, nil, fmt.Errorf("Plural-Forms %q: want nplurals=%d, for the forms %s in this order", po.PluralForms, len(forms), strings.Join(forms, ", "))
	}
	targets := map[string]locales.Message{}
	for key, byID := range po.GetDomain().GetCtxTranslations() {
		for _, tr := range byID {
			if m, ok := poMessage(tr, forms); ok {
				targets[key] = m
			}
		}
	}
	for k := range targets {
		if _, ok := en[k]; !ok {
			ignored = append(ignored, k)
		}
	}
	return Build(l, keys, en, targets), ignored, nil
}

// poMessage returns the translation of a PO entry, and false when it has
// none.
func poMessage(tr *gotext.Translation, forms []string) (locales.Message, bool) {
	if tr.PluralID == "" {
		return locales.Message{Text: tr.Trs[0]}, tr.Trs[0] != ""
	}
	m := locales.Message{Forms: map[string]string{}}
	for i, form := range forms {
		if s := tr.Trs[i]; s != "" {
			m.Forms[form] = s
		}
	}
	return m, len(m.Forms) > 0
}

// nplurals returns the number of forms a Plural-Forms header declares, or
// -1.
func nplurals(header string) int {
	for _, part := range strings.Split(header, ";") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "nplurals="); ok {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				return n
			}
		}
	}
	return -1
}
