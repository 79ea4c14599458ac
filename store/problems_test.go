package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/web/locales"
)

// The answer rules name each problem by a message key with its
// arguments, which every catalog translates.
func TestCheckAnswerGivesMessageKeys(t *testing.T) {
	choice := &store.Question{ID: 7, Number: 1, Kind: questionset.KindChoiceComment, MaxLength: 10,
		Choices: []questionset.Choice{{Value: "yes"}, {Value: "no"}}}
	text := &store.Question{ID: 8, Number: 2, Kind: questionset.KindText, MaxLength: 5}
	for _, tt := range []struct {
		q      *store.Question
		a      store.AnswerInput
		key    string
		choice bool
		args   []any
	}{
		{choice, store.AnswerInput{Choice: "maybe"}, "form.error.choice", true, []any{1}},
		{text, store.AnswerInput{Text: "ééééééé"}, "form.error.too_long", false, []any{2, 5, 2}},
		{text, store.AnswerInput{Choice: "yes"}, "form.error.text_only", true, []any{2}},
		{text, store.AnswerInput{Text: "a\x00"}, "form.error.invalid_text", false, []any{2}},
	} {
		p, bad := store.CheckAnswer(tt.q, tt.a)
		if !bad || p.Key != tt.key || p.Choice != tt.choice || p.Question != tt.q.ID || len(p.Args) != len(tt.args) {
			t.Errorf("CheckAnswer(%+v) = %+v, want %s", tt.a, p, tt.key)
			continue
		}
		for i := range tt.args {
			if p.Args[i] != tt.args[i] {
				t.Errorf("CheckAnswer(%+v) args %v, want %v", tt.a, p.Args, tt.args)
			}
		}
	}
	if p, bad := store.CheckAnswer(choice, store.AnswerInput{Choice: "no", Text: "fine"}); bad {
		t.Errorf("a valid answer got %+v", p)
	}
}

// Registration's rules are the store's: each wrong field once, with the
// key the pages show and the API says in the request's language.
func TestRegistrationRulesGiveMessageKeys(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	keys := func(in store.NewRespondent) map[string]string {
		t.Helper()
		in.Consultation, in.Audience = slug2012, "survivors"
		_, err := st.Register(ctx, in)
		var v *store.ValidationError
		if !errors.As(err, &v) || !errors.Is(err, store.ErrValidation) {
			t.Fatalf("Register(%+v) = %v, want a *store.ValidationError", in, err)
		}
		out := map[string]string{}
		for _, p := range v.Problems {
			out[p.Field] = p.Key
		}
		return out
	}
	if got := keys(store.NewRespondent{Kind: "individual", Name: "  ", Country: "co"}); len(got) != 1 ||
		got["name"] != "register.error.name_individual" {
		t.Errorf("an individual without a name: %v, want only register.error.name_individual", got)
	}
	if got := keys(store.NewRespondent{Kind: "organisation", Country: ""}); got["name"] != "register.error.name" ||
		got["country"] != "register.error.country" || len(got) != 2 {
		t.Errorf("an organisation without name or country: %v", got)
	}
	for _, cc := range []string{"HV", "EZ", "UN", "XK", "ZZ"} {
		if got := keys(store.NewRespondent{Kind: "individual", Name: "Awa", Country: cc}); len(got) != 1 ||
			got["country"] != "register.error.country_invalid" {
			t.Errorf("country %s: %v, want register.error.country_invalid", cc, got)
		}
	}
	got := keys(store.NewRespondent{Kind: "state", Name: "A\nB", Contributor: strings.Repeat("x", 201), Country: "CO",
		Email: "not-an-address"})
	want := map[string]string{"kind": "register.error.kind", "name": "register.error.name_line",
		"contributor": "register.error.contributor_invalid", "email": "register.error.email_invalid"}
	for f, k := range want {
		if got[f] != k {
			t.Errorf("field %s: %q, want %q (all: %v)", f, got[f], k, got)
		}
	}
	// Said in any language, every message reads as text, none as its key.
	_, err := st.Register(ctx, store.NewRespondent{Consultation: slug2012, Audience: "survivors", Name: "A\nB", Country: "ZZ"})
	var v *store.ValidationError
	errors.As(err, &v)
	for _, l := range []string{"en", "fr", "es", "ar", "ru", "zh"} {
		p := locales.NewPrinter(locales.Embedded(), l)
		for f, msg := range v.Fields(p.T) {
			if strings.Contains(msg, "register.error") || strings.Contains(msg, "%!") {
				t.Errorf("%s: field %s says %q", l, f, msg)
			}
		}
	}
}
