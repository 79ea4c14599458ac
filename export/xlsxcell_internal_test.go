package export

import (
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// TestCellTextCountsUTF16Units: Excel counts a cell's 32,767 characters
// in UTF-16 units, where a character outside the Basic Multilingual Plane
// (an emoji, a rare CJK ideograph) takes two; a longer cell makes it
// refuse the whole workbook.
func TestCellTextCountsUTF16Units(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("\U0001F600", 20000),                 // 20,000 code points, 40,000 units
		strings.Repeat("a", 32766) + "\U00020000",           // 32,767 code points, 32,768 units
		strings.Repeat("\u0627", 40000),                     // Arabic: one unit each
		strings.Repeat("x\U0001F600", 16383) + "\U0001F600", // a pair must not be split
	} {
		got := cellText(in)
		if n := len(utf16.Encode([]rune(got))); n > maxCellChars {
			t.Errorf("cellText of %d code points: %d UTF-16 units, want at most %d", utf8.RuneCountInString(in), n, maxCellChars)
		}
		if !utf8.ValidString(got) {
			t.Errorf("cellText cut a character in two")
		}
		if got != in && !strings.HasSuffix(got, "(cut: see the CSV or JSON export for the full text)") {
			t.Errorf("a cut cell does not say it was cut")
		}
	}
	if in := strings.Repeat("\U0001F600", 16383); cellText(in) != in {
		t.Error("a cell of 32,766 units was cut")
	}
}
