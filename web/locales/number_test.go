package locales_test

import (
	"testing"

	"github.com/vaconsult/vaconsult/web/locales"
)

// Counts are written with the digit grouping of the page's language, and
// still choose a message's plural form by their value.
func TestNumbersFollowTheLanguage(t *testing.T) {
	catalogs, err := locales.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lang, want string }{
		{"en", "10,000"}, {"fr", "10\u00a0000"}, {"es", "10.000"}, {"ar", "10,000"}, {"ru", "10\u00a0000"}, {"zh", "10,000"},
	} {
		p := locales.NewPrinter(catalogs, tc.lang)
		if got := p.Num(10000).String(); got != tc.want {
			t.Errorf("%s: 10000 is written %q, want %q", tc.lang, got, tc.want)
		}
		if got := p.Num(int64(7)).String(); got != "7" {
			t.Errorf("%s: 7 is written %q", tc.lang, got)
		}
	}
	en := locales.NewPrinter(catalogs, "en")
	if got, want := en.T("form.count_max", en.Num(1)), "You can enter up to 1 character."; got != want {
		t.Errorf("one: %q, want %q", got, want)
	}
	if got, want := en.T("form.count_max", en.Num(10000)), "You can enter up to 10,000 characters."; got != want {
		t.Errorf("other: %q, want %q", got, want)
	}
}
