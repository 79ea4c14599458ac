package export

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/locales"
)

// catalogs are the pages' message catalogs: an export says what the pages
// say, in the same words. A broken catalog fails at start, not in a
// download; the pages' catalog tests check that no key is missing in any
// language.
var catalogs = func() map[string]locales.Catalog {
	c, err := locales.Load()
	if err != nil {
		panic(err)
	}
	return c
}()

// texts writes an export's fixed text in one language.
type texts struct {
	lang string
	p    *locales.Printer
	en   locales.Catalog
}

// textsIn returns the texts of language l, or English when vaconsult does
// not speak l.
func textsIn(l string) *texts {
	if !lang.IsSupported(l) {
		l = lang.Supported[0]
	}
	return &texts{lang: l, p: locales.NewPrinter(catalogs, l), en: catalogs["en"]}
}

// T returns the message for key, formatted with args as by fmt.Sprintf; in
// English when the language lacks it, and the key itself when English does
// too (which the catalog tests rule out).
func (t *texts) T(key string, args ...any) string { return t.p.T(key, args...) }

// or returns the message for key when the catalog has one, else fallback.
func (t *texts) or(key, fallback string) string {
	if _, ok := t.en[key]; !ok {
		return fallback
	}
	return t.T(key)
}

// region names a region, as stored, in the export's language: a region
// the reference data does not know keeps its stored name. "" is the
// absence of a region, which in the public variant includes the withheld
// ones of anonymous answers.
func (t *texts) region(r string, public bool) string {
	if r == "" {
		if public {
			return t.T("export.region.withheld")
		}
		return t.T("export.region.none")
	}
	if key, ok := locales.RegionKey(r); ok {
		return t.T(key)
	}
	return r
}

// audience names an audience: "States Parties".
func (t *texts) audience(a domain.Audience) string {
	return t.or("export.audience."+string(a), string(a))
}

// kinds names a kind of respondent in the plural, "" being the kind
// withheld of anonymous answers.
func (t *texts) kinds(k string) string {
	if k == "" {
		return t.T("export.kinds.withheld")
	}
	return t.or("export.kinds."+k, k)
}

// kind names a kind of respondent in the singular.
func (t *texts) kind(k domain.RespondentKind) string {
	if k == "" {
		return ""
	}
	return t.or("export.kind."+string(k), string(k))
}

// attribution names an attribution choice.
func (t *texts) attribution(a domain.Attribution) string {
	return t.or("export.attribution."+string(a), string(a))
}

// country names a country in the export's language. The reference data's
// name (stored, in English) is the authority: it is translated, by its ISO
// code, only where it is the name the Unicode CLDR gives the country in
// English too, so that a name an administrator chose, such as "State of
// Palestine", is never replaced by another.
func (t *texts) country(code, stored string) string {
	if code == "" || t.lang == "en" {
		return stored
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return stored
	}
	apostrophes := strings.NewReplacer("’", "'")
	if apostrophes.Replace(display.Regions(language.English).Name(r)) != apostrophes.Replace(stored) {
		return stored
	}
	if name := display.Regions(language.Make(t.lang)).Name(r); name != "" {
		return name
	}
	return stored
}

// respondent describes who gave an answer, as the variant allows: the name
// when there is one, else only the audience, as an anonymous answer in a
// public export carries nothing else.
func (t *texts) respondent(r *store.ExportRow) string {
	if r.Respondent != "" {
		return r.Respondent
	}
	return t.or("export.who."+string(r.Audience), t.T("export.who.other"))
}

// questionLabel names a question briefly: "States Parties Q2".
func (t *texts) questionLabel(q *store.QuestionSummary) string {
	return t.T("export.question.short", t.audience(q.Audience), q.Question.Number)
}

// banner is the line every page and sheet of an export starts with.
func (t *texts) banner(v Variant) string {
	if v == Internal {
		return t.T("export.banner.internal")
	}
	return t.T("export.banner.public")
}

// joinThemes writes a list of themes in one cell.
func joinThemes(themes []string) string { return strings.Join(themes, "; ") }

// translations writes an answer's translations in one cell: each after its
// language's code, a machine translation not yet checked marked so.
func (t *texts) translations(ts []store.Translation) string {
	var parts []string
	for _, tr := range ts {
		label := tr.Language
		if tr.Machine {
			label += ", " + t.T("export.translation.machine")
		}
		parts = append(parts, "["+label+"] "+tr.Text)
	}
	return strings.Join(parts, "\n\n")
}

// translationIn returns the answer's translation into the report's
// language, if it has one.
func translationIn(ts []store.Translation, l string) *store.Translation {
	for i := range ts {
		if ts[i].Language == l {
			return &ts[i]
		}
	}
	return nil
}

// languageName is a language's name in that language, as the pages'
// language switch writes it.
func languageName(l string) string {
	if n := display.Self.Name(language.Make(l)); n != "" {
		return n
	}
	return l
}
