package export_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

const (
	unquotedText = "UNQUOTED-TEXT never chosen for the report"
	passageText  = "we measure little"
	quoteNote    = "NOTE-for-the-chairs only"
)

// quotedAnonymousState adds to the fixture an anonymous State Party, the
// only respondent of its region, whose answer to question 1 is quoted by
// a passage, and a named State whose answers no one chose. It returns the
// anonymous State's receipt.
func quotedAnonymousState(t *testing.T, st *store.Store) string {
	t.Helper()
	p, receipt := submitUnquoted(t, st, store.NewRespondent{Audience: domain.AudienceStatesParties, Name: anonStateName,
		Country: "TJ", Contributor: anonStateContributor}, domain.AttributionAnonymous, "en", anonStateText)
	submitUnquoted(t, st, store.NewRespondent{Audience: domain.AudienceStatesParties, Name: "Colombia", Country: "CO"},
		domain.AttributionNamed, "en", unquotedText)
	start := len([]rune(anonStateText)) - len([]rune(passageText))
	_, err := st.ChooseQuote(context.Background(), "cli", store.QuoteInput{ResponseID: p.ResponseID,
		QuestionID: questionIDs(t, st)[domain.AudienceStatesParties][1], Note: quoteNote,
		Passage: &store.Passage{Start: start, End: start + len([]rune(passageText)), Text: passageText}})
	if err != nil {
		t.Fatalf("quote a passage: %v", err)
	}
	return receipt
}

// reportText returns what a report says: the HTML, or the text of every
// paragraph of the Word document.
func reportText(t *testing.T, st *store.Store, f export.Format, v export.Variant) string {
	t.Helper()
	b := run(t, st, f, v)
	if f == export.DOCX {
		return docxText(t, b)
	}
	return string(b)
}

func TestReportShowsTheChosenQuotesOnly(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	receipt := quotedAnonymousState(t, st)
	for _, f := range []export.Format{export.HTML, export.DOCX} {
		t.Run(string(f), func(t *testing.T) {
			for _, v := range []export.Variant{export.Public, export.Internal} {
				report := reportText(t, st, f, v)
				if strings.Contains(report, unquotedText) {
					t.Errorf("%s report holds an answer no one chose", v)
				}
				if strings.Contains(report, anonStateText) || !strings.Contains(report, passageText) {
					t.Errorf("%s report does not quote the passage alone", v)
				}
			}
			pub := reportText(t, st, f, export.Public)
			for _, leak := range []string{secretText, secretOrg, anonOrg, anonStateName, anonStateContributor, "Tajikistan",
				"Caucasus", receipt, quoteNote} {
				if strings.Contains(pub, leak) {
					t.Errorf("public report holds %q", leak)
				}
			}
			if !strings.Contains(pub, "A State Party (anonymous)") || !strings.Contains(pub, namedOrg) {
				t.Error("public report does not attribute its quotes as agreed")
			}
			internal := reportText(t, st, f, export.Internal)
			for _, want := range []string{secretText, anonStateName, "Tajikistan", "confidential: for the Co-Chairs only", quoteNote} {
				if !strings.Contains(internal, want) {
					t.Errorf("internal report lacks %q", want)
				}
			}
		})
	}
}

// jsonQuotes returns the "quotes" of every question of a JSON export, each
// as a generic object, so that a key that should be absent is seen.
func jsonQuotes(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var doc struct {
		Questions []struct {
			Quotes []map[string]any `json:"quotes"`
		} `json:"questions"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, q := range doc.Questions {
		if q.Quotes == nil {
			t.Fatal("a question of the JSON export has no quotes array")
		}
		out = append(out, q.Quotes...)
	}
	return out
}

func TestJSONQuotesKeepTheAttribution(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	receipt := quotedAnonymousState(t, st)
	pub := run(t, st, export.JSON, export.Public)
	quotes := jsonQuotes(t, pub)
	var passage map[string]any
	for _, q := range quotes {
		if q["attribution"] == string(domain.AttributionConfidential) || strings.Contains(q["text"].(string), "SECRET") {
			t.Errorf("public JSON quotes a confidential answer: %v", q)
		}
		if q["attribution"] != string(domain.AttributionAnonymous) {
			continue
		}
		for _, key := range []string{"response", "note", "submitted_at"} {
			if _, ok := q[key]; ok {
				t.Errorf("public JSON's anonymous quote has %q: %v", key, q)
			}
		}
		for _, key := range []string{"respondent", "kind", "country", "country_name", "region"} {
			if q[key] != "" {
				t.Errorf("public JSON's anonymous quote has %s %q", key, q[key])
			}
		}
		if q["text"] == passageText {
			passage = q
		}
	}
	if passage == nil || passage["audience"] != string(domain.AudienceStatesParties) || passage["passage"] == nil {
		t.Fatalf("public JSON lacks the anonymous State's passage with its audience: %v", passage)
	}
	s := string(pub)
	// The answers section keeps every answer; the anonymous State's is
	// there, without who gave it.
	for _, leak := range []string{secretText, anonStateName, "Tajikistan", receipt, `"TJ"`, quoteNote} {
		if strings.Contains(s, leak) {
			t.Errorf("public JSON holds %q", leak)
		}
	}
	internalJSON := run(t, st, export.JSON, export.Internal)
	if !strings.Contains(string(internalJSON), quoteNote) {
		t.Error("internal JSON lacks the reviewers' note")
	}
	internal := jsonQuotes(t, internalJSON)
	if len(internal) <= len(quotes) {
		t.Errorf("internal JSON has %d quotes, public %d: want the confidential ones in the internal only", len(internal), len(quotes))
	}
}
