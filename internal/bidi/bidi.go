// Package bidi neutralises the Unicode characters that reorder text as it
// is displayed. An embedding, override or isolate in a name can make it
// read as another name, or turn a neighbouring column around in a
// spreadsheet ("Trojan Source"). People's answers keep them, as they
// typed them; names and the columns that identify a respondent do not.
package bidi

import "strings"

// IsControl reports whether r is a bidirectional embedding, override or
// isolate, or their terminator: U+202A–U+202E and U+2066–U+2069. The
// marks LRM, RLM and ALM are kept: they order nothing beyond themselves,
// and names in Arabic script may need them.
func IsControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// Strip returns s without its bidirectional controls.
func Strip(s string) string {
	if strings.IndexFunc(s, IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsControl(r) {
			return -1
		}
		return r
	}, s)
}
