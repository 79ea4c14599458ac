package iso3166

import (
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/refdata"
)

// The languages of the pages.
var pageLanguages = lang.Supported

func TestCodesAreTheCurrentISOList(t *testing.T) {
	if got, want := len(Codes()), 249; got != want {
		t.Fatalf("%d codes, want the %d of ISO 3166-1 today: %v", got, want, Codes())
	}
	for _, cc := range []string{"KH", "BF", "PS", "SS", "CW", "SX", "BQ", "AX", "TL", "CD", "RS", "ME", "GB", "UM", "AQ", "EH", "TW"} {
		if !Valid(cc) {
			t.Errorf("%s is refused, want it accepted", cc)
		}
	}
	for _, cc := range []string{"EZ", "UN", "EU", "QO", "ZZ", "XK", "AC", "CP", "CQ", "DG", "EA", "IC", "TA",
		"HV", "BU", "ZR", "TP", "YU", "CS", "AN", "FX", "SU", "DD", "UK", "kh", "KHM", "", "K"} {
		if Valid(cc) {
			t.Errorf("%q is accepted, want it refused", cc)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{" kh ": "KH", "Bf": "BF", "ps": "PS"} {
		if got, ok := Normalize(in); got != want || !ok {
			t.Errorf("Normalize(%q) = %q, %v; want %q, true", in, got, ok, want)
		}
	}
	for _, in := range []string{"hv", " ez", "", "k h", "ǩh"} {
		if _, ok := Normalize(in); ok {
			t.Errorf("Normalize(%q) accepts it, want it refused", in)
		}
	}
}

func TestEveryStatePartyIsCurrent(t *testing.T) {
	states, err := refdata.StatesParties()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if !Valid(s.ISO2) {
			t.Errorf("%s (%s) is not a current code", s.ISO2, s.Name)
		}
	}
}

func TestListHasOneNamedEntryPerCode(t *testing.T) {
	for _, l := range pageLanguages {
		list := List(l)
		if got, want := len(list), len(Codes()); got != want {
			t.Fatalf("%s: %d entries, want %d", l, got, want)
		}
		byName := map[string]string{}
		for _, c := range list {
			if c.Name == "" || c.Name == c.Code {
				t.Errorf("%s: %s has no name", l, c.Code)
			}
			if other, dup := byName[c.Name]; dup {
				t.Errorf("%s: %s and %s are both %q", l, other, c.Code, c.Name)
			}
			byName[c.Name] = c.Code
		}
	}
}

func TestListIsInTheLanguagesOrder(t *testing.T) {
	for _, l := range pageLanguages {
		col := collate.New(language.Make(l))
		list := List(l)
		for i := 1; i < len(list); i++ {
			if col.CompareString(list[i-1].Name, list[i].Name) > 0 {
				t.Errorf("%s: %q before %q", l, list[i-1].Name, list[i].Name)
			}
		}
	}
	if got := List("fr"); got[0].Name != "Afghanistan" {
		t.Errorf("fr: first %q, want Afghanistan", got[0].Name)
	}
}

func TestName(t *testing.T) {
	for _, tc := range []struct{ lang, code, want string }{
		{"en", "KH", "Cambodia"},
		{"fr", "KH", "Cambodge"},
		{"es", "BF", "Burkina Faso"},
		{"ar", "KH", "كمبوديا"},
		{"en", "HV", "HV"}, // a former code shows as itself, not as Burkina Faso
		{"en", "EZ", "EZ"},
		{"en", "", ""},
	} {
		if got := Name(tc.lang, tc.code); got != tc.want {
			t.Errorf("Name(%q, %q) = %q, want %q", tc.lang, tc.code, got, tc.want)
		}
	}
}
