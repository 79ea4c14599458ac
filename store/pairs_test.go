package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
)

// survivorsPairs returns, for each survivors' question, the number of the
// States' question it answers back to (0 for none), as stored.
func survivorsPairs(t *testing.T, c *store.Consultation) []int {
	t.Helper()
	sp, _ := c.QuestionSet("states-parties")
	sv, _ := c.QuestionSet("survivors")
	numbers := map[int64]int{}
	for _, q := range sp.Questions {
		numbers[q.ID] = q.Number
	}
	var out []int
	for _, q := range sv.Questions {
		if q.PairsWith != 0 && numbers[q.PairsWith] == 0 {
			t.Fatalf("survivors' question %d pairs with question %d, not a States' one", q.Number, q.PairsWith)
		}
		out = append(out, numbers[q.PairsWith])
	}
	return out
}

func TestLoadPairs(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	f, _ := consultations.Default()
	res, err := st.LoadConsultation(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := survivorsPairs(t, res.Consultation), []int{1, 0, 4}; !slices.Equal(got, want) {
		t.Fatalf("2012 pairs = %v, want %v", got, want)
	}

	// Swapping two pairs passes through no state where one States'
	// question has two survivors' questions.
	f.QuestionSets[1].Questions[0].AnswersBackTo = 4
	f.QuestionSets[1].Questions[2].AnswersBackTo = 1
	res, err = st.LoadConsultation(ctx, f)
	if err != nil || res.Unchanged {
		t.Fatalf("load swapped pairs: %+v %v", res, err)
	}
	if got, want := survivorsPairs(t, res.Consultation), []int{4, 0, 1}; !slices.Equal(got, want) {
		t.Fatalf("swapped pairs = %v, want %v", got, want)
	}

	// The consultation file, which copies and the form download read,
	// carries the pairs.
	file, err := st.ConsultationFile(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	if got := file.QuestionSets[1].Questions[0].AnswersBackTo; got != 4 {
		t.Errorf("file: survivors' question 1 answers back to %d, want 4", got)
	}
	again, err := st.LoadConsultation(ctx, file)
	if err != nil || !again.Unchanged {
		t.Errorf("loading the file written back: %+v %v, want unchanged", again, err)
	}
	cp, err := st.CopyConsultation(ctx, "admin", slug2012, "va-impact-2013")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := survivorsPairs(t, cp), []int{4, 0, 1}; !slices.Equal(got, want) {
		t.Errorf("copy's pairs = %v, want %v", got, want)
	}

	// Removing the pair leaves the question alone.
	f.QuestionSets[1].Questions[0].AnswersBackTo = 0
	f.QuestionSets[1].Questions[2].AnswersBackTo = 0
	res, err = st.LoadConsultation(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := survivorsPairs(t, res.Consultation), []int{0, 0, 0}; !slices.Equal(got, want) {
		t.Errorf("pairs after removing them = %v, want %v", got, want)
	}
}

// The schema itself refuses a pair within one audience, whoever writes it.
func TestPairsWithinOneAudienceRefused(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	f, _ := consultations.Default()
	if _, err := st.LoadConsultation(ctx, f); err != nil {
		t.Fatal(err)
	}
	_, err := st.Pool().Exec(ctx, `UPDATE questions SET pairs_with = (SELECT max(id) - 1 FROM questions) WHERE id = (SELECT max(id) FROM questions)`)
	if err == nil {
		t.Fatal("a survivors' question paired with another survivors' question was stored")
	}
}

// The country view lines up each States' question with the survivors'
// question that answers back to it, then lists those that stand alone.
func TestCountryViewLined(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	mustSubmitState(t, st, "KH", "named", "The State's report")
	mustSubmitSurvivor(t, st, "Cambodian Network", "KH", "named", "en", "What survivors see")
	mustSubmitSurvivor(t, st, "Quiet Network", "KH", "anonymous", "en", "What others see")
	v, err := st.CountryView(ctx, slug2012, "KH")
	if err != nil {
		t.Fatal(err)
	}
	pairs, states, survivors := v.Lined()
	var got []string
	for _, p := range pairs {
		got = append(got, fmt.Sprintf("%d↔%d:%d+%d", p.States.Question.Number, p.Survivors.Question.Number,
			len(p.States.Answers), len(p.Survivors.Answers)))
	}
	for _, q := range states {
		got = append(got, fmt.Sprintf("S%d", q.Question.Number))
	}
	for _, q := range survivors {
		got = append(got, fmt.Sprintf("V%d", q.Question.Number))
	}
	if want := []string{"1↔1:1+2", "4↔3:1+2", "S2", "S3", "V2"}; !slices.Equal(got, want) {
		t.Errorf("lined up = %v, want %v", got, want)
	}
	if a := pairs[1].States.Answers[0]; a.Text != "The State's report" || a.Country != "KH" {
		t.Errorf("State's answer to question 4 = %+v", a)
	}
}
