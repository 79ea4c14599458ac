// Package iso3166 is the one list of countries vaconsult offers and
// accepts: the current ISO 3166-1 alpha-2 codes of countries and
// territories, named in each language from the CLDR data of
// golang.org/x/text.
//
// The registration page, the API, invitations and every other place that
// takes a country check it here, so that a respondent's country is always
// one entry of one list: no "Eurozone", no "United Nations", no second
// Burkina Faso under its former code HV.
package iso3166

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// notInISO lists the codes that x/text counts as countries, in their
// canonical form, but that ISO 3166-1 does not assign to a country or
// territory today. The deprecated codes that CLDR replaces (HV, BU, ZR, TP,
// FX, DD…) need no entry: Canonicalize already maps them to another code.
var notInISO = map[string]string{
	// Exceptionally reserved by ISO at other bodies' request, or used by
	// CLDR for groupings: not countries.
	"AC": "Ascension Island",
	"CP": "Clipperton Island",
	"CQ": "Sark",
	"DG": "Diego Garcia",
	"EA": "Ceuta and Melilla",
	"IC": "Canary Islands",
	"TA": "Tristan da Cunha",
	"EZ": "Eurozone",
	"UN": "United Nations",
	// Withdrawn from ISO 3166-1 without a single successor, so CLDR keeps
	// them as they were.
	"AN": "Netherlands Antilles",
	"CS": "Serbia and Montenegro",
	"FQ": "French Southern and Antarctic Territories",
	"NT": "Neutral Zone",
	"PC": "Pacific Islands Trust Territory",
	"SU": "USSR",
	"YU": "Yugoslavia",
	// A user-assigned code (ISO leaves XA–XZ to users), not part of ISO
	// 3166-1 and not used by the UN, whose practice the Convention's
	// meetings follow. Accepting it would store a code that ISO-based tools
	// reading the exports refuse.
	"XK": "Kosovo",
}

// codes is the sorted list of current codes; valid indexes it.
var codes, valid = func() ([]string, map[string]bool) {
	var out []string
	set := map[string]bool{}
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			cc := string([]rune{a, b})
			r, err := language.ParseRegion(cc)
			if err != nil || !r.IsCountry() || r.String() != cc || r.Canonicalize() != r {
				continue
			}
			if _, skip := notInISO[cc]; skip {
				continue
			}
			out = append(out, cc)
			set[cc] = true
		}
	}
	return out, set
}()

// Codes returns every current code, in alphabetical order of code. The
// slice is a copy.
func Codes() []string {
	return slices.Clone(codes)
}

// Valid reports whether code is a current ISO 3166-1 alpha-2 code, written
// as ISO writes it (two capital letters).
func Valid(code string) bool {
	return valid[code]
}

// Normalize returns s without surrounding spaces and in capitals, and
// whether that is a current code: " kh" gives "KH", true.
func Normalize(s string) (string, bool) {
	code := strings.ToUpper(strings.TrimSpace(s))
	return code, Valid(code)
}

// Country is one entry of the list: a code and its name in one language.
type Country struct {
	Code, Name string
}

var lists sync.Map // language tag → []Country

// List returns every current country and territory with its name in the
// language lang (a BCP 47 tag such as "fr" or "ar"), in that language's
// alphabetical order. The list is made once per language and shared:
// callers must not change it.
func List(lang string) []Country {
	tag := language.Make(lang)
	if list, ok := lists.Load(tag); ok {
		return list.([]Country)
	}
	list, _ := lists.LoadOrStore(tag, sortedList(tag))
	return list.([]Country)
}

func sortedList(tag language.Tag) []Country {
	namer := display.Regions(tag)
	out := make([]Country, 0, len(codes))
	for _, cc := range codes {
		out = append(out, Country{Code: cc, Name: nameOr(namer, cc)})
	}
	col := collate.New(tag)
	sort.SliceStable(out, func(i, j int) bool { return col.CompareString(out[i].Name, out[j].Name) < 0 })
	return out
}

// Name returns the name of a current country in the language lang. For
// anything else, such as a former code still found in old rows, it returns
// the code itself, so that it shows as what it is and not as the country
// that replaced it.
func Name(lang, code string) string {
	if !Valid(code) {
		return code
	}
	return nameOr(display.Regions(language.Make(lang)), code)
}

// nameOr returns CLDR's name for a current code, or the code when the
// language has none.
func nameOr(namer display.Namer, code string) string {
	if name := namer.Name(language.MustParseRegion(code)); name != "" {
		return name
	}
	return code
}
