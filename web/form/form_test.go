package form

import (
	"net/url"
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

func TestRegistration(t *testing.T) {
	r := ParseRegistration(url.Values{"kind": {"individual"}, "name": {"  "}, "country": {" co "}})
	if r.Country != "CO" {
		t.Errorf("country = %q, want CO", r.Country)
	}
	if r.Kind != "individual" || r.Name != "" {
		t.Errorf("registration = %+v, want an individual with no name", r)
	}
	org := Registration{Kind: "organisation", Name: "Net", Country: "CO"}
	if nr := org.NewRespondent("va"); nr.Audience != domain.AudienceSurvivors || nr.Consultation != "va" {
		t.Errorf("new respondent = %+v", nr)
	}
}

func TestSubmission(t *testing.T) {
	s := ParseSubmission(url.Values{"version": {"4"}, "attribution": {"secret"}})
	if s.Version != 4 || s.Attribution != "secret" {
		t.Errorf("submission %+v, want version 4 and the attribution as sent, for the store to check", s)
	}
}
