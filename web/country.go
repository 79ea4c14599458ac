package web

import "github.com/vaconsult/vaconsult/refdata/iso3166"

// country is an entry of a country list: its ISO 3166 code and its name in
// the page's language.
type country = iso3166.Country

// countries returns every country the store accepts, with its name in l,
// in that language's alphabetical order. The list is shared: do not change
// it.
func countries(l string) []country {
	return iso3166.List(l)
}

// countryName returns the name of a country in l, or its code when it is
// not a current one (a row stored under a former code shows that code).
func countryName(l, code string) string {
	return iso3166.Name(l, code)
}
