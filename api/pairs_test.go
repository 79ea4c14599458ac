package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// The consultation's questions say which States' question each survivors'
// question answers back to, and the reverse.
func TestConsultationQuestionsCarryPairs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.do("GET", "/api/v1/consultations/va-impact-2012", "", nil)
	if r.Status != 200 {
		t.Fatalf("status %d: %s", r.Status, r.Raw)
	}
	var body struct {
		QuestionSets []struct {
			Audience  domain.Audience `json:"audience"`
			Questions []struct {
				Number         int             `json:"number"`
				AnswersBackTo  json.RawMessage `json:"answers_back_to"`
				AnsweredBackBy json.RawMessage `json:"answered_back_by"`
			} `json:"questions"`
		} `json:"question_sets"`
	}
	if err := json.Unmarshal(r.Raw, &body); err != nil {
		t.Fatal(err)
	}
	ref := func(audience domain.Audience, n int) string {
		return fmt.Sprintf(`{"question_id":%d,"number":%d}`, e.questionID(audience, n), n)
	}
	want := map[string]string{
		"states-parties 1 by": ref(domain.AudienceSurvivors, 1),
		"states-parties 4 by": ref(domain.AudienceSurvivors, 3),
		"survivors 1 to":      ref(domain.AudienceStatesParties, 1),
		"survivors 3 to":      ref(domain.AudienceStatesParties, 4),
	}
	got := map[string]string{}
	for _, set := range body.QuestionSets {
		for _, q := range set.Questions {
			if q.AnswersBackTo != nil {
				got[fmt.Sprintf("%s %d to", set.Audience, q.Number)] = string(q.AnswersBackTo)
			}
			if q.AnsweredBackBy != nil {
				got[fmt.Sprintf("%s %d by", set.Audience, q.Number)] = string(q.AnsweredBackBy)
			}
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("pairs =\n\t%v\nwant\n\t%v", got, want)
	}
	if strings.Count(string(r.Raw), "answers_back_to") != 2 {
		t.Errorf("answers_back_to appears %d times, want 2", strings.Count(string(r.Raw), "answers_back_to"))
	}
}
