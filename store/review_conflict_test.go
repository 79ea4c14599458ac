package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// Two reviewers read the key points at the same version and both save: the
// second is refused, and the first's text stays.
func TestKeyPointsStaleSaveIsRefused(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, "states-parties")
	if _, err := st.SetKeyPoints(ctx, "cli", q[2], 0, "Baselines are rare."); err != nil {
		t.Fatal(err)
	}
	read, err := st.FindKeyPoints(ctx, q[2])
	if err != nil {
		t.Fatal(err)
	}
	if read.Version != 1 {
		t.Fatalf("version after the first save = %d, want 1", read.Version)
	}

	first, err := st.SetKeyPoints(ctx, "reviewer:1", q[2], read.Version, "Baselines are rare; targets rarer.")
	if err != nil {
		t.Fatalf("first save: %v", err)
	}
	if first.Version != 2 {
		t.Fatalf("version after the second save = %d, want 2", first.Version)
	}
	_, err = st.SetKeyPoints(ctx, "reviewer:2", q[2], read.Version, "Most States set no baseline.")
	e := wantKind(t, err, store.KindConflict, "edit_conflict")
	if got := e.Data["current_version"]; got != 2 {
		t.Fatalf("current_version = %v, want 2", got)
	}
	kp, err := st.FindKeyPoints(ctx, q[2])
	if err != nil {
		t.Fatal(err)
	}
	if got, want := kp.Text, "Baselines are rare; targets rarer."; got != want || kp.Version != 2 || *kp.UpdatedBy != 1 {
		t.Fatalf("key points = %q v%d by %v, want %q v2 by 1", got, kp.Version, *kp.UpdatedBy, want)
	}

	// A save of the text already there is a retry that landed: no error,
	// no new version.
	again, err := st.SetKeyPoints(ctx, "reviewer:1", q[2], read.Version, "Baselines are rare; targets rarer.\n")
	if err != nil || again.Version != 2 {
		t.Fatalf("repeated save = %+v, %v; want version 2, no error", again, err)
	}
	// The merge, based on the version the conflict named, lands.
	merged, err := st.SetKeyPoints(ctx, "reviewer:2", q[2], 2, "Baselines are rare; targets rarer. Most States set none.")
	if err != nil || merged.Version != 3 {
		t.Fatalf("merged save = %+v, %v; want version 3", merged, err)
	}
	// A first save on a question that meanwhile got key points is stale too.
	_, err = st.SetKeyPoints(ctx, "reviewer:2", q[2], 0, "Something else.")
	wantKind(t, err, store.KindConflict, "edit_conflict")

	if got, want := strings.Join(auditActions(t, st, "reviewer:1"), " "), "key_points.set"; got != want {
		t.Fatalf("reviewer 1's audit = %q, want %q", got, want)
	}
	if got, want := strings.Join(auditActions(t, st, "reviewer:2"), " "), "key_points.set"; got != want {
		t.Fatalf("reviewer 2's audit = %q, want %q (refused saves are not changes)", got, want)
	}
}

// Renames and deletions of a theme name the version they were based on; a
// stale one is refused and changes nothing.
func TestThemeStaleRenameAndDeleteAreRefused(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	th, err := st.CreateTheme(ctx, "reviewer:1", consultationID(t, st), "Transport")
	if err != nil {
		t.Fatal(err)
	}
	if th.Version != 1 {
		t.Fatalf("version of a new theme = %d, want 1", th.Version)
	}
	renamed, err := st.RenameTheme(ctx, "reviewer:1", th.ID, 1, "Getting there")
	if err != nil || renamed.Version != 2 {
		t.Fatalf("rename = %+v, %v; want version 2", renamed, err)
	}
	_, err = st.RenameTheme(ctx, "reviewer:2", th.ID, 1, "Travel")
	e := wantKind(t, err, store.KindConflict, "edit_conflict")
	if got := e.Data["current_version"]; got != 2 {
		t.Fatalf("current_version = %v, want 2", got)
	}
	wantKind(t, st.DeleteTheme(ctx, "reviewer:2", th.ID, 1), store.KindConflict, "edit_conflict")
	// Renaming to the name it has is no conflict: the two agree.
	if same, err := st.RenameTheme(ctx, "reviewer:2", th.ID, 1, "Getting there"); err != nil || same.Version != 2 {
		t.Fatalf("rename to the current name = %+v, %v; want version 2", same, err)
	}

	cur, err := st.FindTheme(ctx, th.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cur.Name != "Getting there" || cur.Version != 2 || cur.ChangedBy != "" {
		t.Fatalf("theme = %+v, want Getting there at version 2 by nobody named", cur)
	}

	// Someone else takes a name: the conflict says which theme has it.
	other, err := st.CreateTheme(ctx, "reviewer:2", consultationID(t, st), "Cost")
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.CreateTheme(ctx, "reviewer:1", consultationID(t, st), "COST")
	if got := wantKind(t, err, store.KindConflict, "theme_exists").Data["theme_id"]; got != other.ID {
		t.Fatalf("theme_id = %v, want %d", got, other.ID)
	}
	_, err = st.RenameTheme(ctx, "reviewer:1", th.ID, 2, "cost")
	if got := wantKind(t, err, store.KindConflict, "theme_exists").Data["theme_id"]; got != other.ID {
		t.Fatalf("theme_id after a rename = %v, want %d", got, other.ID)
	}

	if err := st.DeleteTheme(ctx, "reviewer:2", th.ID, 2); err != nil {
		t.Fatalf("delete on the current version: %v", err)
	}
	_, err = st.RenameTheme(ctx, "reviewer:1", th.ID, 2, "Travel")
	wantKind(t, err, store.KindNotFound, "not_found")
	if got, want := strings.Join(auditActions(t, st, "reviewer:2"), " "), "theme.create theme.delete"; got != want {
		t.Fatalf("reviewer 2's audit = %q, want %q", got, want)
	}
}

// Many reviewers save the key points at once, all based on one version:
// exactly one save lands, every other is refused as stale, none fails
// otherwise. First saves (version 0) and later ones alike.
func TestKeyPointsConcurrentSavesOneWins(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, "states-parties")
	for _, base := range []int{0, 1} {
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = st.SetKeyPoints(ctx, fmt.Sprintf("reviewer:%d", i+1), q[3], base,
					fmt.Sprintf("Key points by reviewer %d on version %d.", i+1, base))
			}()
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, store.ErrConflict):
				t.Fatalf("base %d: save %d failed otherwise: %v", base, i+1, err)
			}
		}
		if won != 1 {
			t.Fatalf("base %d: %d saves landed, want exactly 1", base, won)
		}
		kp, err := st.FindKeyPoints(ctx, q[3])
		if err != nil {
			t.Fatal(err)
		}
		if kp.Version != base+1 || kp.UpdatedBy == nil ||
			kp.Text != fmt.Sprintf("Key points by reviewer %d on version %d.", *kp.UpdatedBy, base) {
			t.Fatalf("base %d: key points = %+v, want the winner's text at version %d", base, kp, base+1)
		}
	}
}

// Concurrent renames of one theme: one lands, the others are refused.
func TestThemeConcurrentRenamesOneWins(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	th, err := st.CreateTheme(ctx, "cli", consultationID(t, st), "Transport")
	if err != nil {
		t.Fatal(err)
	}
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = st.RenameTheme(ctx, fmt.Sprintf("reviewer:%d", i+1), th.ID, 1, fmt.Sprintf("Name %d", i+1))
		}()
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, store.ErrConflict):
			t.Fatalf("rename %d failed otherwise: %v", i+1, err)
		}
	}
	if won != 1 {
		t.Fatalf("%d renames landed, want exactly 1", won)
	}
}
