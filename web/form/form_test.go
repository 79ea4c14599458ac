package form

import (
	"net/url"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

var questions = []store.Question{
	{ID: 7, Number: 1, Kind: questionset.KindChoiceComment, MaxLength: 10,
		Choices: []questionset.Choice{{Value: "yes"}, {Value: "no"}}},
	{ID: 8, Number: 2, Kind: questionset.KindText, MaxLength: 5},
}

func TestParseAnswers(t *testing.T) {
	v := url.Values{
		"q-7-choice": {" yes "}, "q-7-text": {"a\r\nb"}, "q-7-v": {"3"}, "q-7-h": {"abc"},
		"q-8-choice": {"ignored"}, "q-8-text": {"x"}, "q-8-resolve": {"theirs"},
	}
	got := ParseAnswers(v, questions)
	if len(got) != 2 {
		t.Fatalf("got %d answers, want 2", len(got))
	}
	if a := got[0]; a.Choice != "yes" || a.Text != "a\nb" || a.BaseVersion != 3 || a.BaseHash != "abc" || a.KeepTheirs {
		t.Errorf("first answer = %+v", a)
	}
	if a := got[1]; a.Choice != "" || a.Text != "x" || !a.KeepTheirs {
		t.Errorf("second answer = %+v: a text question takes no choice", a)
	}
}

func TestEditedComparesWithTheStartingPoint(t *testing.T) {
	a := Answer{Choice: "yes", Text: "same", BaseHash: Hash("yes", "same")}
	if a.Edited() {
		t.Error("an unchanged answer counts as edited")
	}
	a.Text = "changed"
	if !a.Edited() {
		t.Error("a changed answer does not count as edited")
	}
	if Hash("a", "b") == Hash("", "ab") {
		t.Error("the hash does not tell the choice from the text")
	}
}

func TestCheckAnswers(t *testing.T) {
	in := []Answer{{QuestionID: 7, Choice: "maybe"}, {QuestionID: 8, Text: "ééééééé"}}
	got := CheckAnswers(in, questions)
	if len(got) != 2 {
		t.Fatalf("problems = %+v, want 2", got)
	}
	if got[0].Field != "q-7-choice" || got[0].Key != "form.error.choice" {
		t.Errorf("first problem = %+v", got[0])
	}
	if got[1].Field != "q-8-text" || got[1].Key != "form.error.too_long" || got[1].Args[2] != 2 {
		t.Errorf("second problem = %+v: 7 characters where 5 fit is 2 too many", got[1])
	}
	if p := CheckAnswers([]Answer{{QuestionID: 7, Choice: "no", Text: "fine"}, {QuestionID: 8, Text: "ok"}}, questions); len(p) != 0 {
		t.Errorf("valid answers got %+v", p)
	}
}

func TestRegistration(t *testing.T) {
	r := ParseRegistration(url.Values{"kind": {"individual"}, "name": {"  "}, "country": {" co "}})
	if r.Country != "CO" {
		t.Errorf("country = %q, want CO", r.Country)
	}
	var keys []string
	for _, p := range r.Check() {
		keys = append(keys, p.Key)
	}
	if got := strings.Join(keys, " "); got != "register.error.name_individual" {
		t.Errorf("problems = %s; an individual needs a name but no contributor", got)
	}
	org := Registration{Kind: "organisation", Name: "Net", Country: "CO"}
	if p := org.Check(); len(p) != 1 || p[0].Field != "contributor" {
		t.Errorf("an organisation without a contributor: %+v", p)
	}
	for _, cc := range []string{"HV", "EZ", "UN", "XK", "ZZ"} {
		in := Registration{Kind: "individual", Name: "Awa", Country: cc}
		if p := in.Check(); len(p) != 1 || p[0].Key != "register.error.country_invalid" {
			t.Errorf("country %s: problems %+v, want register.error.country_invalid", cc, p)
		}
	}
	if nr := org.NewRespondent("va"); nr.Audience != domain.AudienceSurvivors || nr.Consultation != "va" {
		t.Errorf("new respondent = %+v", nr)
	}
}

func TestSubmission(t *testing.T) {
	s := ParseSubmission(url.Values{"version": {"4"}, "attribution": {"secret"}})
	if s.Version != 4 || len(s.Check()) != 1 {
		t.Errorf("submission %+v problems %+v", s, s.Check())
	}
	if p := (Submission{Attribution: domain.AttributionAnonymous}).Check(); p != nil {
		t.Errorf("a valid attribution got %+v", p)
	}
}
