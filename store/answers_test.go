package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

func TestQuestionReviewFilters(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, "survivors")
	kh := mustSubmitSurvivor(t, st, "Cambodian Network", "KH", "named", "en", "text KH")
	mustSubmitSurvivor(t, st, "Colombian Group", "CO", "anonymous", "es", "texto CO")
	mustSubmitSurvivor(t, st, "Afghan Association", "AF", "confidential", "fr", "texte AF")
	_, draft := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Drafting", Country: "KH"})
	mustSave(t, st, draft, 0, store.AnswerInput{QuestionID: q[1], Choice: "no", Text: "DRAFT TEXT"})
	th, err := st.CreateTheme(ctx, "reviewer:1", consultationID(t, st), "Transport")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.TagAnswer(ctx, "reviewer:1", kh.ResponseID, q[1], th.ID); err != nil {
		t.Fatal(err)
	}

	all, err := st.FindQuestionReview(ctx, store.AnswerFilter{QuestionID: q[1]})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := all.Total, 3; got != want {
		t.Fatalf("total = %d, want %d", got, want)
	}
	for _, a := range all.Answers {
		if strings.Contains(a.Text, "DRAFT") {
			t.Fatal("a draft reached the reviewers")
		}
	}
	if got := counts(all.Choices); got != "yes=0 partly=3(100) no=0 dont_know=0" {
		t.Errorf("choices = %s", got)
	}
	first := all.Answers[0]
	if first.Name != "Cambodian Network" || first.QuotableName() != "Cambodian Network" || first.Region == "" ||
		len(first.Themes) != 1 || first.Themes[0].Name != "Transport" {
		t.Errorf("first answer = %+v", first)
	}
	if got := all.Answers[1].QuotableName(); got != "" {
		t.Errorf("anonymous quotable name = %q, want none", got)
	}

	tests := []struct {
		name   string
		filter store.AnswerFilter
		want   string
	}{
		{"country", store.AnswerFilter{Country: "co"}, "Colombian Group"},
		{"region", store.AnswerFilter{Region: "Americas"}, "Colombian Group"},
		{"language", store.AnswerFilter{Language: "fr"}, "Afghan Association"},
		{"theme", store.AnswerFilter{ThemeID: th.ID}, "Cambodian Network"},
		{"audience", store.AnswerFilter{Audience: "states-parties"}, ""},
		{"kind", store.AnswerFilter{Kind: "organisation", Limit: 2}, "Cambodian Network,Colombian Group"},
		{"page", store.AnswerFilter{Limit: 1, Offset: 2}, "Afghan Association"},
	}
	for _, tt := range tests {
		f := tt.filter
		f.QuestionID = q[1]
		got, err := st.FindQuestionAnswers(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if names := names(got); names != tt.want {
			t.Errorf("%s: answers from %q, want %q", tt.name, names, tt.want)
		}
	}
	byTheme, err := st.FindQuestionReview(ctx, store.AnswerFilter{QuestionID: q[1], Country: "CO"})
	if err != nil {
		t.Fatal(err)
	}
	if byTheme.Total != 1 || byTheme.Themes[0].Count != 0 {
		t.Errorf("filtered by Colombia: total %d, theme count %d; want 1 and 0", byTheme.Total, byTheme.Themes[0].Count)
	}
	_, err = st.FindQuestionReview(ctx, store.AnswerFilter{QuestionID: 999999})
	wantKind(t, err, store.KindNotFound, "not_found")
}

func TestCountryView(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	mustSubmitState(t, st, "KH", "named", "The State's report")
	mustSubmitSurvivor(t, st, "Cambodian Network", "KH", "named", "en", "What survivors see")
	mustSubmitSurvivor(t, st, "Elsewhere", "CO", "named", "es", "otro país")

	v, err := st.CountryView(ctx, slug2012, "kh")
	if err != nil {
		t.Fatal(err)
	}
	if v.Country.Name != "Cambodia" || len(v.States) != 4 || len(v.Survivors) != 3 {
		t.Fatalf("view of %s: %d State questions, %d survivors' questions", v.Country.Name, len(v.States), len(v.Survivors))
	}
	if a := v.States[0].Answers; len(a) != 1 || a[0].Text != "The State's report" {
		t.Errorf("State's answer to Q1 = %+v", a)
	}
	if a := v.Survivors[1].Answers; len(a) != 1 || a[0].Name != "Cambodian Network" {
		t.Errorf("survivors' answers to Q2 = %+v", a)
	}
	_, err = st.CountryView(ctx, slug2012, "Cambodia")
	wantKind(t, err, store.KindValidation, "validation_failed")
	_, err = st.CountryView(ctx, "no-such", "KH")
	wantKind(t, err, store.KindNotFound, "not_found")
}

func names(answers []store.ReviewAnswer) string {
	var out []string
	for _, a := range answers {
		out = append(out, a.Name)
	}
	return strings.Join(out, ",")
}

// counts writes choice counts as "value=count(percent)", the percentage only
// when not zero.
func counts(cs []store.ChoiceCount) string {
	var out []string
	for _, c := range cs {
		s := fmt.Sprintf("%s=%d", c.Value, c.Count)
		if c.Percent != 0 {
			s += fmt.Sprintf("(%g)", c.Percent)
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func countsOf(cs []store.Count) string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s=%d", c.Key, c.Count))
	}
	return strings.Join(out, " ")
}
