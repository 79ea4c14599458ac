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
		{"ru", "", "", "ru"},
		{"zh", "", "", "zh"},
		{"", "", "ru-RU,ru;q=0.9,en;q=0.5", "ru"},
		{"", "", "uk, ru;q=0.8", "ru"},
		{"", "", "zh-CN,zh;q=0.9", "zh"},
		{"", "", "zh-Hans-SG", "zh"},
		{"", "", "zh-TW", "zh"},
	}
	for _, tt := range tests {
		if got := Negotiate(tt.explicit, tt.remembered, tt.accept); got != tt.want {
			t.Errorf("Negotiate(%q, %q, %q) = %q, want %q", tt.explicit, tt.remembered, tt.accept, got, tt.want)
		}
	}
}

// The six official languages of the United Nations, which the
// Convention's meetings use.
func TestSupportedAreTheSixLanguages(t *testing.T) {
	want := map[string]bool{"en": true, "fr": true, "es": true, "ar": true, "ru": true, "zh": true}
	if len(Supported) != len(want) || Supported[0] != "en" {
		t.Fatalf("Supported = %q, want English first then the other five UN languages", Supported)
	}
	for _, l := range Supported {
		if !want[l] {
			t.Errorf("Supported has %q, not a UN language", l)
		}
	}
}

func TestDir(t *testing.T) {
	for _, l := range Supported {
		want := "ltr"
		if l == "ar" {
			want = "rtl"
		}
		if got := Dir(l); got != want {
			t.Errorf("Dir(%q) = %q, want %q", l, got, want)
		}
	}
}
