package questionset

import (
	"slices"
	"strings"
	"testing"
)

// TestTextsHaveMaximumLengths: every text of a consultation file has a
// maximum length, in characters of each language, so that a mistaken or
// hostile file cannot fill every page and export with megabytes.
func TestTextsHaveMaximumLengths(t *testing.T) {
	long := func(n int) string { return strings.Repeat("ب", n) }
	tests := []struct {
		name string
		old  string
		new  string
		want string
	}{
		{"title", "title: {en: Test, fr: Essai}", "title: {en: Test, fr: " + long(MaxTitleLength+1) + "}",
			"title.fr: is 501 characters long, at most 500 allowed"},
		{"context", "context: {en: Some context}", "context: {en: " + long(MaxContextLength+1) + "}",
			"context.en: is 40001 characters long, at most 40000 allowed"},
		{"question", `text: {en: "First?", fr: "Première ?"}`, `text: {en: "` + long(MaxQuestionLength+1) + `"}`,
			"question_sets[0].questions[0].text.en: is 4001 characters long, at most 4000 allowed"},
		{"hint", "hint: {en: A hint.}", "hint: {en: " + long(MaxQuestionLength+1) + "}",
			"question_sets[0].questions[0].hint.en: is 4001 characters long, at most 4000 allowed"},
		{"choice", `label: {en: "Yes"}`, `label: {en: "` + long(MaxTitleLength+1) + `"}`,
			"question_sets[0].questions[1].choices[0].label.en: is 501 characters long, at most 500 allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(edit(t, tt.old, tt.new))
			if got := problems(t, err); !slices.Contains(got, tt.want) {
				t.Errorf("problems = %q, want %q among them", got, tt.want)
			}
		})
	}
	if _, err := Parse(edit(t, "context: {en: Some context}", "context: {en: "+long(MaxContextLength)+"}")); err != nil {
		t.Errorf("a context of exactly %d characters: %v", MaxContextLength, err)
	}
}
