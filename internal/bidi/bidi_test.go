package bidi

import "testing"

func TestStrip(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Cambodian Survivors Network", "Cambodian Survivors Network"},
		{"\u202Ekrowten\u202C", "krowten"},
		{"a\u2066b\u2067c\u2068d\u2069e\u202Af\u202Bg\u202Dh", "abcdefgh"},
		{"\u0634\u0628\u0643\u0629\u200F", "\u0634\u0628\u0643\u0629\u200F"}, // RLM kept
	}
	for _, tt := range tests {
		if got := Strip(tt.in); got != tt.want {
			t.Errorf("Strip(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
