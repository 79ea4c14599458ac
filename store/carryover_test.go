package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

const slug2013 = "va-impact-2013"

// mustSubmitAll answers every question of the principal's set with text
// naming who answered which question, and submits.
func mustSubmitAll(t *testing.T, st *store.Store, p *store.Principal, who string) {
	t.Helper()
	c, err := st.FindConsultationByID(context.Background(), p.ConsultationID)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := c.QuestionSet(p.Audience)
	var answers []store.AnswerInput
	for _, q := range set.Questions {
		a := store.AnswerInput{QuestionID: q.ID, Text: fmt.Sprintf("%s on %s", who, q.Key)}
		if q.TakesChoice() {
			a.Choice = q.Choices[0].Value
		}
		if !q.TakesText() {
			a.Text = ""
		}
		answers = append(answers, a)
	}
	v := mustSave(t, st, p, 0, answers...)
	if _, err := st.SubmitResponse(context.Background(), p, store.Submission{Version: v, Attribution: "named"}); err != nil {
		t.Fatalf("submit: %v", err)
	}
}

// mustLoad2013 loads the 2012 consultation's next cycle, following it,
// with the States' questions in the reverse order (keys kept) and a new
// fifth question.
func mustLoad2013(t *testing.T, st *store.Store) *store.Consultation {
	t.Helper()
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	f.Slug, f.Follows = slug2013, slug2012
	sp := &f.QuestionSets[0]
	if sp.Audience != domain.AudienceStatesParties {
		t.Fatalf("first set is %s", sp.Audience)
	}
	qs := sp.Questions
	for i, j := 0, len(qs)-1; i < j; i, j = i+1, j-1 {
		qs[i], qs[j] = qs[j], qs[i]
	}
	for i := range qs {
		qs[i].Key = fmt.Sprintf("q%d", len(qs)-i) // the 2012 default keys
		qs[i].Number = i + 1
	}
	extra := qs[0]
	extra.Number, extra.Key = len(qs)+1, "new-question"
	sp.Questions = append(qs, extra)
	for i := range f.QuestionSets[1].Questions {
		f.QuestionSets[1].Questions[i].AnswersBackTo = 0 // the States' numbers moved
	}
	res, err := st.LoadConsultation(context.Background(), f)
	if err != nil {
		t.Fatalf("load 2013: %v", err)
	}
	if res.Consultation.Follows != slug2012 {
		t.Fatalf("2013 follows %q, want %q", res.Consultation.Follows, slug2012)
	}
	return res.Consultation
}

func previousTexts(prev *store.Previous, set *store.QuestionSet) map[int]string {
	out := map[int]string{}
	for _, q := range set.Questions {
		for _, a := range prev.Answers {
			if a.QuestionID == q.ID {
				out[q.Number] = a.Text
			}
		}
	}
	return out
}

func TestPreviousAnswersMatchTheSameStateByKey(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	mustSubmitAll(t, st, mustState(t, st, "KH"), "Cambodia 2012")
	mustSubmitAll(t, st, mustState(t, st, "CO"), "Colombia 2012")
	draft := mustState(t, st, "TH") // saves, never submits
	mustSave(t, st, draft, 0, store.AnswerInput{QuestionID: questionIDs(t, st, "states-parties")[1], Text: "Thailand draft"})
	c2013 := mustLoad2013(t, st)
	sp, _ := c2013.QuestionSet(domain.AudienceStatesParties)

	// Another name for the same State: matched by its country.
	_, kh := mustInvite(t, st, store.NewRespondent{Consultation: slug2013, Audience: "states-parties", Name: "Kingdom of Cambodia", Country: "KH"})
	prev, err := st.FindPreviousAnswers(ctx, kh)
	if err != nil {
		t.Fatalf("previous answers of Cambodia: %v", err)
	}
	got := previousTexts(prev, sp)
	want := map[int]string{1: "Cambodia 2012 on q4", 2: "Cambodia 2012 on q3", 3: "Cambodia 2012 on q2", 4: "Cambodia 2012 on q1"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Cambodia's previous answers by 2013 number = %v, want %v (renumbered questions matched by key, the new one not at all)", got, want)
	}
	if prev.Slug != slug2012 || prev.Title["en"] == "" {
		t.Errorf("previous consultation = %q %v, want %q with its title", prev.Slug, prev.Title, slug2012)
	}
	if a := prev.Answers[0]; a.SubmittedAt.IsZero() || a.Attribution != domain.AttributionNamed {
		t.Errorf("previous answer %+v: want its submission's time and attribution", a)
	}

	// Colombia sees Colombia's, never Cambodia's.
	_, co := mustInvite(t, st, store.NewRespondent{Consultation: slug2013, Audience: "states-parties", Name: "Colombia", Country: "CO"})
	prev, err = st.FindPreviousAnswers(ctx, co)
	if err != nil {
		t.Fatal(err)
	}
	if got := previousTexts(prev, sp)[4]; got != "Colombia 2012 on q1" {
		t.Errorf("Colombia's previous answer to question 4 = %q", got)
	}

	// A draft was never submitted: nothing carries over.
	_, th := mustInvite(t, st, store.NewRespondent{Consultation: slug2013, Audience: "states-parties", Name: "Thailand", Country: "TH"})
	if _, err := st.FindPreviousAnswers(ctx, th); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("previous answers of a State that only saved a draft: err = %v, want ErrNotFound", err)
	}
	// Nor does anything for the first cycle, which follows none.
	if _, err := st.FindPreviousAnswers(ctx, mustState(t, st, "PE")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("previous answers in a consultation that follows none: err = %v, want ErrNotFound", err)
	}
}

func TestPreviousAnswersMatchAnOrganisationByName(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	org := func(slug, name, country string) *store.Principal {
		_, p := mustInvite(t, st, store.NewRespondent{Consultation: slug, Audience: "survivors", Kind: "organisation", Name: name, Country: country})
		return p
	}
	mustSubmitAll(t, st, org(slug2012, "Cambodian Survivors Network", "KH"), "CSN 2012")
	mustSubmitAll(t, st, org(slug2012, "Landmine Survivors Initiative", "KH"), "LSI 2012")
	mustSubmitAll(t, st, mustState(t, st, "BA"), "Bosnia 2012")
	c2013 := mustLoad2013(t, st)
	sv, _ := c2013.QuestionSet(domain.AudienceSurvivors)

	prev, err := st.FindPreviousAnswers(ctx, org(slug2013, "cambodian survivors  network ", "KH"))
	if err != nil {
		t.Fatalf("same name, other case and spaces: %v", err)
	}
	if got := previousTexts(prev, sv)[2]; got != "CSN 2012 on q2" {
		t.Errorf("previous answer to survivors' question 2 = %q, want the network's", got)
	}

	tests := []struct{ name, country string }{
		{"Cambodian Survivors", "KH"},         // another name
		{"Cambodian Survivors Network", "TH"}, // another country
		{"Bosnia and Herzegovina", "BA"},      // a State's country, but the other audience
		{"Delegation BA", "BA"},               // even with the State's very name
	}
	for _, tt := range tests {
		if _, err := st.FindPreviousAnswers(ctx, org(slug2013, tt.name, tt.country)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s (%s): err = %v, want ErrNotFound", tt.name, tt.country, err)
		}
	}

	// The country view's reading finds both cycles for the country.
	all, err := st.PreviousForCountry(ctx, c2013.ID, "KH")
	if err != nil {
		t.Fatal(err)
	}
	respondents := map[int64]bool{}
	for _, a := range all.Answers {
		respondents[a.RespondentID] = true
	}
	if len(respondents) != 1 {
		t.Errorf("respondents of KH with a previous answer = %d, want 1 (the network)", len(respondents))
	}
}

func TestCopyFollowsAndKeepsKeys(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	f, _ := consultations.Default()
	f.QuestionSets[0].Questions[1].Key = "baselines"
	if _, err := st.LoadConsultation(ctx, f); err != nil {
		t.Fatal(err)
	}
	cp, err := st.CopyConsultation(ctx, "admin", slug2012, slug2013)
	if err != nil {
		t.Fatal(err)
	}
	if cp.Follows != slug2012 {
		t.Errorf("copy follows %q, want %q", cp.Follows, slug2012)
	}
	sp, _ := cp.QuestionSet(domain.AudienceStatesParties)
	if got := []string{sp.Questions[0].Key, sp.Questions[1].Key}; got[0] != "q1" || got[1] != "baselines" {
		t.Errorf("copy's keys = %v, want [q1 baselines]", got)
	}
	file, err := st.ConsultationFile(ctx, slug2013)
	if err != nil {
		t.Fatal(err)
	}
	again, err := st.LoadConsultation(ctx, file)
	if err != nil || !again.Unchanged {
		t.Errorf("loading the copy's file again: %+v %v, want unchanged", again, err)
	}

	// Two questions may trade keys in one load: keys are unique once the
	// load commits, not half-way.
	file.QuestionSets[0].Questions[0].Key, file.QuestionSets[0].Questions[1].Key = "baselines", "q1"
	if _, err := st.LoadConsultation(ctx, file); err != nil {
		t.Fatalf("loading keys traded between two questions: %v", err)
	}
	file.QuestionSets[0].Questions[1].Key = "baselines"
	if _, err := st.LoadConsultation(ctx, file); err == nil {
		t.Fatal("a file with one key twice loaded")
	}
	file.QuestionSets[0].Questions[1].Key = "q1"

	// A file cannot follow a consultation that is not there.
	file.Follows = "va-impact-1999"
	_, err = st.LoadConsultation(ctx, file)
	wantKind(t, err, store.KindValidation, "unknown_follows")
}
