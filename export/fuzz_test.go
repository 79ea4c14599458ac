package export

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// FuzzNeutralise: a CSV cell is either written as it is or with one
// leading quote; one written as it is starts with no formula sign, even
// past the characters a spreadsheet skips.
func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"=1+1", " =1", "\u200B=1", "\uFEFF=1", "\uFF1D1", "\u202E=1", "-", "plain", "", "\t", "\xff=1", " \xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Neutralise(s)
		if out == s {
			if s != "" && strings.ContainsRune("\t\r\n", rune(s[0])) {
				t.Fatalf("Neutralise(%q) left a leading control", s)
			}
			rest := strings.TrimLeftFunc(s, skipped)
			if r, _ := utf8.DecodeRuneInString(rest); rest != "" && strings.ContainsRune(formulaSigns, r) {
				t.Fatalf("Neutralise(%q) left a formula", s)
			}
			return
		}
		if out != "'"+s {
			t.Fatalf("Neutralise(%q) = %q, want it unchanged or quoted", s, out)
		}
	})
}

// FuzzCellText: an XLSX cell never holds more than Excel's 32,767 UTF-16
// units, and valid text stays valid.
func FuzzCellText(f *testing.F) {
	f.Add("x", 40000)
	f.Add("\U0001F600", 20000)
	f.Add("a\U0001F600", 16384)
	f.Fuzz(func(t *testing.T, unit string, n int) {
		if n < 0 || n > 70000 || len(unit) > 8 {
			return
		}
		s := strings.Repeat(unit, n)
		got := cellText(s)
		if utf8.ValidString(s) && len(utf16.Encode([]rune(got))) > maxCellChars {
			t.Fatalf("cellText: %d UTF-16 units", len(utf16.Encode([]rune(got))))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatal("cellText cut a character in two")
		}
	})
}
