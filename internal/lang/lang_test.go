package lang

import "testing"

func TestNegotiate(t *testing.T) {
	tests := []struct {
		explicit, remembered, accept, want string
	}{
		{"", "", "", "en"},
		{"fr", "es", "ar", "fr"},
		{"xx", "es", "ar", "es"},
		{"", "", "ar-EG,ar;q=0.9,en;q=0.5", "ar"},
		{"", "", "es-CO", "es"},
		{"", "", "de-DE", "en"},
		{"", "", "de, fr;q=0.5", "fr"},
		{"", "", "garbage;;;", "en"},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.explicit, tt.remembered, tt.accept); got != tt.want {
			t.Errorf("Negotiate(%q, %q, %q) = %q, want %q", tt.explicit, tt.remembered, tt.accept, got, tt.want)
		}
	}
}

func TestDir(t *testing.T) {
	if Dir("ar") != "rtl" || Dir("fr") != "ltr" {
		t.Fatalf("Dir: ar=%s fr=%s", Dir("ar"), Dir("fr"))
	}
}
