package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
)

func TestLoadConsultationIsIdempotent(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	f, _ := consultations.Default()
	first, err := st.LoadConsultation(ctx, f)
	if err != nil || !first.Created {
		t.Fatalf("first load: %+v %v, want created", first, err)
	}
	again, err := st.LoadConsultation(ctx, f)
	if err != nil || again.Created {
		t.Fatalf("second load: %+v %v, want updated", again, err)
	}
	c, _ := st.FindConsultationBySlug(ctx, slug2012)
	sp, _ := c.QuestionSet("states-parties")
	sv, _ := c.QuestionSet("survivors")
	if len(sp.Questions) != 4 || len(sv.Questions) != 3 {
		t.Fatalf("questions: %d + %d, want 4 + 3", len(sp.Questions), len(sv.Questions))
	}
	before, _ := first.Consultation.QuestionSet("states-parties")
	if got, want := sp.Questions[0].ID, before.Questions[0].ID; got != want {
		t.Fatalf("question id after reloading = %d, want %d unchanged", got, want)
	}
	if got, want := sv.Questions[0].Kind, "choice_comment"; got != want {
		t.Fatalf("survivors' question 1 kind = %q, want %q", got, want)
	}
}

func TestLoadRefusesRewordingAnsweredQuestion(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	p := mustState(t, st, "KH")
	q := questionIDs(t, st, "states-parties")
	var answers []store.AnswerInput
	for n := 1; n <= 4; n++ {
		answers = append(answers, store.AnswerInput{QuestionID: q[n], Text: "answer"})
	}
	v := mustSave(t, st, p, 0, answers...)
	if _, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: "named"}); err != nil {
		t.Fatal(err)
	}

	f, _ := consultations.Default()
	f.QuestionSets[0].Questions[0].Text["en"] += " (reworded)"
	if f.QuestionSets[0].Audience != "states-parties" {
		t.Fatalf("first set is %s, want states-parties", f.QuestionSets[0].Audience)
	}
	_, err := st.LoadConsultation(ctx, f)
	e := wantKind(t, err, store.KindConflict, "question_answered")
	if !strings.Contains(e.Message, "question 1 of the states-parties") {
		t.Fatalf("message = %q, want it to name the question", e.Message)
	}
	c, _ := st.FindConsultationBySlug(ctx, slug2012)
	sp, _ := c.QuestionSet("states-parties")
	if strings.Contains(sp.Questions[0].Text["en"], "reworded") {
		t.Fatal("the refused load changed the wording")
	}

	// A hint is not wording: it may change.
	f, _ = consultations.Default()
	f.QuestionSets[0].Questions[0].Hint["en"] = "A new hint."
	if _, err := st.LoadConsultation(ctx, f); err != nil {
		t.Fatalf("changing a hint: %v", err)
	}
}
