package web

import (
	"sort"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// country is an entry of the country list: its ISO 3166 code and its name
// in the page's language.
type country struct {
	Code, Name string
}

// countryCodes lists every ISO 3166-1 alpha-2 code of a country, as the
// store accepts them.
var countryCodes = func() []string {
	var out []string
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			cc := string([]rune{a, b})
			if r, err := language.ParseRegion(cc); err == nil && r.IsCountry() && r.String() == cc {
				out = append(out, cc)
			}
		}
	}
	return out
}()

var countryLists sync.Map // language → []country

// countries returns every country with its name in l, in that language's
// alphabetical order. The list is made once per language.
func countries(l string) []country {
	if list, ok := countryLists.Load(l); ok {
		return list.([]country)
	}
	list := sortedCountries(l)
	countryLists.Store(l, list)
	return list
}

func sortedCountries(l string) []country {
	tag := language.Make(l)
	namer := display.Regions(tag)
	out := make([]country, 0, len(countryCodes))
	for _, cc := range countryCodes {
		name := namer.Name(language.MustParseRegion(cc))
		if name == "" {
			continue
		}
		out = append(out, country{Code: cc, Name: name})
	}
	col := collate.New(tag)
	sort.SliceStable(out, func(i, j int) bool { return col.CompareString(out[i].Name, out[j].Name) < 0 })
	return out
}

// countryName returns the name of a country in l, or its code when it has
// none.
func countryName(l, code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.Regions(language.Make(l)).Name(r); name != "" {
		return name
	}
	return code
}
