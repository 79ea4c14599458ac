package store_test

import (
	"context"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// A translation sits beside its answer: a machine draft of a confidential
// answer is refused, a translation into the answer's own language too, and
// a resubmission takes the translations with
// the answers whose text it changes.
func TestTranslationsFollowTheirAnswer(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, domain.AudienceStatesParties)
	submit := func(p *store.Principal, v int, a domain.Attribution, text string) int {
		v = mustSave(t, st, p, v, store.AnswerInput{QuestionID: q[1], Text: text, Language: "es"},
			store.AnswerInput{QuestionID: q[2], Text: "x"}, store.AnswerInput{QuestionID: q[3], Text: "x"},
			store.AnswerInput{QuestionID: q[4], Text: "x"})
		if _, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: a}); err != nil {
			t.Fatal(err)
		}
		return v
	}
	p := mustState(t, st, "PE")
	v := submit(p, 0, domain.AttributionConfidential, "Texto")
	in := store.TranslationInput{ResponseID: p.ResponseID, QuestionID: q[1], Language: "en", Text: "Text", Machine: true}
	_, err := st.SetTranslation(ctx, "cli", in)
	wantKind(t, err, store.KindConflict, "confidential_answer")
	in.Machine = false
	if _, err := st.SetTranslation(ctx, "cli", in); err != nil {
		t.Fatalf("a person's translation of a confidential answer: %v", err)
	}
	_, err = st.SetTranslation(ctx, "cli", store.TranslationInput{ResponseID: p.ResponseID, QuestionID: q[1], Language: "es", Text: "Texto"})
	wantKind(t, err, store.KindValidation, "validation_failed")

	c, _ := st.FindConsultationBySlug(ctx, slug2012)
	v = submit(p, v, domain.AttributionNamed, "Texto")
	if a, err := st.FindTranslatedAnswer(ctx, c.ID, p.ResponseID, q[1]); err != nil || len(a.Translations) != 1 {
		t.Fatalf("after resubmitting the same text, translations = %+v, %v; want the one kept", a, err)
	}
	submit(p, v, domain.AttributionNamed, "Otro texto")
	a, err := st.FindTranslatedAnswer(ctx, c.ID, p.ResponseID, q[1])
	if err != nil || len(a.Translations) != 0 {
		t.Fatalf("after resubmitting, translations = %+v, %v; want none", a, err)
	}
}
