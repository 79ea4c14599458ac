package store

import (
	"strings"
	"testing"
)

// TestPublicStatementsKeepTheRule checks that every statement a public
// output reads spells out the public variant's clauses of public.go word
// for word, so that the rule written once there holds in each.
func TestPublicStatementsKeepTheRule(t *testing.T) {
	t.Parallel()
	for name, stmt := range map[string]string{
		"ExportSQL":       ExportSQL,
		"ExportThemeSQL":  ExportThemeSQL,
		"answerCountsSQL": answerCountsSQL,
		"themeCountsSQL":  themeCountsSQL,
		"PairsSQL":        PairsSQL,
		"QuotesSQL":       QuotesSQL,
		// The themes' counts by audience, question and region.
		"themeBreakdownSQL": themeBreakdownSQL,
		// The same figures recounted from every answer.
		"fullAnswerCountsSQL":   fullAnswerCountsSQL,
		"fullThemeCountsSQL":    fullThemeCountsSQL,
		"fullThemeBreakdownSQL": fullThemeBreakdownSQL,
	} {
		if !strings.Contains(squeeze(stmt), squeeze(inVariantSQL)) {
			t.Errorf("%s does not keep inVariantSQL:\n%s", name, stmt)
		}
		if name != "themeCountsSQL" && name != "fullThemeCountsSQL" && !strings.Contains(squeeze(stmt), squeeze(shownSQL)) {
			t.Errorf("%s does not read the respondent through shownSQL:\n%s", name, stmt)
		}
	}
}

// squeeze folds every run of white space into one space, so that
// indentation does not count.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }
