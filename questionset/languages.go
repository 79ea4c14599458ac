package questionset

import (
	"slices"
	"strings"
)

// Languages returns the languages in which every question of the file can be
// read: English first, then the others in alphabetical order of their codes.
// A web page offers these languages; other texts that lack one fall back to
// English (see Text.In).
func (f *File) Languages() []string {
	count := make(map[string]int)
	questions := 0
	for _, s := range f.QuestionSets {
		for _, q := range s.Questions {
			questions++
			for lang, text := range q.Text {
				if strings.TrimSpace(text) != "" {
					count[lang]++
				}
			}
		}
	}
	var others []string
	for lang, n := range count {
		if n == questions && lang != DefaultLanguage {
			others = append(others, lang)
		}
	}
	slices.Sort(others)
	return append([]string{DefaultLanguage}, others...)
}

// Choice returns the choice of q whose value is value, and false when q has
// no such choice.
func (q Question) Choice(value string) (Choice, bool) {
	for _, c := range q.Choices {
		if c.Value == value {
			return c, true
		}
	}
	return Choice{}, false
}
