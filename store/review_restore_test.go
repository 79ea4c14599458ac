package store_test

import (
	"context"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// A deleted theme comes back, once, with its name and on the answers it
// was on; not when another theme has taken its name since.
func TestRestoreDeletedTheme(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	a := mustSubmitSurvivor(t, st, "Network A", "KH", domain.AttributionNamed, "en", "Text A")
	b := mustSubmitSurvivor(t, st, "Network B", "CO", domain.AttributionNamed, "en", "Text B")
	q := questionIDs(t, st, "survivors")[2]
	th, err := st.CreateTheme(ctx, "reviewer:3", consultationID(t, st), "Access to services")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []*store.Principal{a, b} {
		if err := st.TagAnswer(ctx, "reviewer:3", p.ResponseID, q, th.ID); err != nil {
			t.Fatal(err)
		}
	}
	_, err = st.RestoreTheme(ctx, "reviewer:3", consultationID(t, st), th.ID)
	wantKind(t, err, store.KindNotFound, "not_found")
	if err := st.DeleteTheme(ctx, "reviewer:3", th.ID, 1); err != nil {
		t.Fatal(err)
	}
	d, err := st.FindDeletedTheme(ctx, consultationID(t, st), th.ID)
	if err != nil || d.Name != "Access to services" || len(d.Tags) != 2 || d.Restored {
		t.Fatalf("deleted theme = %+v, %v", d, err)
	}
	_, err = st.RestoreTheme(ctx, "reviewer:3", consultationID(t, st)+1, th.ID)
	wantKind(t, err, store.KindNotFound, "not_found")

	back, err := st.RestoreTheme(ctx, "reviewer:4", consultationID(t, st), th.ID)
	if err != nil {
		t.Fatalf("restore: %v", err)
	}
	themes, _ := st.FindThemes(ctx, consultationID(t, st))
	if got, want := themeCounts(themes), "Access to services=2"; got != want || back.Count != 2 {
		t.Fatalf("themes after the undo = %s (%d tagged), want %s", got, back.Count, want)
	}
	_, err = st.RestoreTheme(ctx, "reviewer:4", consultationID(t, st), th.ID)
	wantKind(t, err, store.KindConflict, "restored")

	// Deleted again, and its name taken meanwhile: nothing comes back.
	if err := st.DeleteTheme(ctx, "reviewer:4", back.ID, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateTheme(ctx, "reviewer:3", consultationID(t, st), "access to services"); err != nil {
		t.Fatal(err)
	}
	_, err = st.RestoreTheme(ctx, "reviewer:4", consultationID(t, st), back.ID)
	wantKind(t, err, store.KindConflict, "theme_exists")
	themes, _ = st.FindThemes(ctx, consultationID(t, st))
	if got, want := themeCounts(themes), "access to services=0"; got != want {
		t.Fatalf("themes = %s, want %s", got, want)
	}
}
