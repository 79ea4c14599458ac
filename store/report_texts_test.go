package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// Two Co-Chairs saving the first texts of the report at once: one is
// saved, the other refused as a conflict, never both nor a lost one; each
// language keeps its own texts.
func TestReportTextsFirstSavesTakeTurns(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	c, err := st.FindConsultationBySlug(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = st.SetReportTexts(ctx, "cli", c.ID, 0, store.ReportTexts{Language: "fr",
				Introduction: "Texte " + string(rune('A'+i))})
		})
	}
	wg.Wait()
	saved, conflicts := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			saved++
		case errors.Is(err, store.ErrEditConflict):
			conflicts++
		default:
			t.Fatalf("save: %v", err)
		}
	}
	if saved != 1 || conflicts != len(errs)-1 {
		t.Fatalf("%d saved and %d refused, want 1 and %d", saved, conflicts, len(errs)-1)
	}
	fr, err := st.FindReportTexts(ctx, c.ID, "fr")
	if err != nil || fr.Version != 1 {
		t.Fatalf("French texts = %+v, %v", fr, err)
	}
	if en, _ := st.FindReportTexts(ctx, c.ID, "en"); en.Version != 0 || en.Introduction != "" {
		t.Fatalf("English texts = %+v, want none", en)
	}
	_, err = st.SetReportTexts(ctx, "cli", c.ID, 0, store.ReportTexts{Language: "xx"})
	wantKind(t, err, store.KindValidation, "validation_failed")
}
