package questionset

import (
	"slices"
	"testing"
)

func TestLanguages(t *testing.T) {
	f, err := Parse([]byte(valid))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	// fr is in every question's text; es in only one; title's fr is not a
	// question text and does not count.
	if got, want := f.Languages(), []string{"en", "fr"}; !slices.Equal(got, want) {
		t.Errorf("Languages() = %q, want %q", got, want)
	}
	for i := range f.QuestionSets {
		for j := range f.QuestionSets[i].Questions {
			q := &f.QuestionSets[i].Questions[j]
			q.Text["es"] = "¿Pregunta?"
			q.Text["ar"] = "سؤال؟"
		}
	}
	if got, want := f.Languages(), []string{"en", "ar", "es", "fr"}; !slices.Equal(got, want) {
		t.Errorf("Languages() = %q, want %q", got, want)
	}
}

func TestQuestionChoice(t *testing.T) {
	f, err := Parse([]byte(valid))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	q := f.QuestionSets[0].Questions[1]
	tests := []struct {
		value     string
		wantOK    bool
		wantLabel string
	}{
		{"yes", true, "Yes"},
		{"no", true, "No"},
		{"maybe", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		c, ok := q.Choice(tt.value)
		if ok != tt.wantOK || c.Label.In("en") != tt.wantLabel {
			t.Errorf("Choice(%q) = %+v, %t; want label %q, %t", tt.value, c, ok, tt.wantLabel, tt.wantOK)
		}
	}
}
