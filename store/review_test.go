package store_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

func TestThemesTagsAndAudit(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, "survivors")
	a := mustSubmitSurvivor(t, st, "Survivors' Network", "KH", "named", "en", "Transport is the problem.")
	b := mustSubmitSurvivor(t, st, "Women Survivors' Group", "CO", "anonymous", "es", "Nadie nos preguntó.")

	access, err := st.CreateTheme(ctx, "reviewer:3", consultationID(t, st), "  Access to services ")
	if err != nil {
		t.Fatalf("create theme: %v", err)
	}
	if got, want := access.Name, "Access to services"; got != want {
		t.Fatalf("name = %q, want %q", got, want)
	}
	_, err = st.CreateTheme(ctx, "reviewer:3", consultationID(t, st), "ACCESS TO SERVICES")
	wantKind(t, err, store.KindConflict, "theme_exists")
	_, err = st.CreateTheme(ctx, "reviewer:3", consultationID(t, st), " ")
	wantKind(t, err, store.KindValidation, "validation_failed")
	_, err = st.CreateTheme(ctx, "reviewer:3", 999999, "Orphan")
	wantKind(t, err, store.KindNotFound, "not_found")
	voice, err := st.CreateTheme(ctx, "cli", consultationID(t, st), "Participation")
	if err != nil {
		t.Fatal(err)
	}

	for _, p := range []*store.Principal{a, b} {
		if err := st.TagAnswer(ctx, "reviewer:3", p.ResponseID, q[2], access.ID); err != nil {
			t.Fatalf("tag: %v", err)
		}
	}
	// Tagging twice changes nothing.
	if err := st.TagAnswer(ctx, "reviewer:3", a.ResponseID, q[2], access.ID); err != nil {
		t.Fatalf("tag again: %v", err)
	}
	if err := st.TagAnswer(ctx, "reviewer:3", a.ResponseID, q[2], voice.ID); err != nil {
		t.Fatal(err)
	}
	themes, err := st.FindThemes(ctx, consultationID(t, st))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := themeCounts(themes), "Access to services=2 Participation=1"; got != want {
		t.Fatalf("themes = %s, want %s", got, want)
	}

	if _, err := st.RenameTheme(ctx, "reviewer:3", voice.ID, 1, "Being heard"); err != nil {
		t.Fatalf("rename: %v", err)
	}
	_, err = st.RenameTheme(ctx, "reviewer:3", voice.ID, 2, "access to Services")
	wantKind(t, err, store.KindConflict, "theme_exists")
	if err := st.UntagAnswer(ctx, "reviewer:3", b.ResponseID, q[2], access.ID); err != nil {
		t.Fatal(err)
	}
	if err := st.UntagAnswer(ctx, "reviewer:3", b.ResponseID, q[2], access.ID); err != nil {
		t.Fatalf("untag what is not tagged: %v", err)
	}
	if err := st.DeleteTheme(ctx, "reviewer:3", voice.ID, 2); err != nil {
		t.Fatal(err)
	}
	wantKind(t, st.DeleteTheme(ctx, "reviewer:3", voice.ID, 2), store.KindNotFound, "not_found")
	themes, _ = st.FindThemes(ctx, consultationID(t, st))
	if got, want := themeCounts(themes), "Access to services=1"; got != want {
		t.Fatalf("themes after untag and delete = %s, want %s", got, want)
	}

	got := strings.Join(auditActions(t, st, "reviewer:3"), " ")
	want := "theme.create answer.tag answer.tag answer.tag theme.rename answer.untag theme.delete"
	if got != want {
		t.Fatalf("audit = %q, want %q", got, want)
	}
	if got := auditActions(t, st, "cli"); got[len(got)-1] != "theme.create" {
		t.Fatalf("cli audit = %v, want theme.create last", got)
	}
}

func TestTagAnswerErrors(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, "survivors")
	a := mustSubmitSurvivor(t, st, "Network", "KH", "named", "en", "text")
	// A theme of another consultation is not one of this answer's.
	other, err := st.CreateTheme(ctx, "cli", mustLoadNext(t, st), "Included")
	if err != nil {
		t.Fatal(err)
	}
	theme, err := st.CreateTheme(ctx, "cli", consultationID(t, st), "Transport")
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, st.TagAnswer(ctx, "cli", a.ResponseID, q[2], other.ID), store.KindValidation, "validation_failed")
	wantKind(t, st.TagAnswer(ctx, "cli", a.ResponseID, q[2], 999999), store.KindNotFound, "theme_not_found")

	// A draft is not an answer reviewers can tag.
	_, draft := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Drafting", Country: "KH"})
	mustSave(t, st, draft, 0, store.AnswerInput{QuestionID: q[2], Text: "not yet"})
	wantKind(t, st.TagAnswer(ctx, "cli", draft.ResponseID, q[2], theme.ID), store.KindNotFound, "answer_not_found")
}

func TestKeyPoints(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	q := questionIDs(t, st, "states-parties")

	kp, err := st.FindKeyPoints(ctx, q[1])
	if err != nil || kp.Text != "" || kp.UpdatedAt != nil {
		t.Fatalf("key points before any = %+v, %v; want empty", kp, err)
	}
	if _, err := st.SetKeyPoints(ctx, "reviewer:7", q[1], 0, "Few States measure outcomes.\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetKeyPoints(ctx, "reviewer:8", q[1], 1, "Most States count services, not outcomes."); err != nil {
		t.Fatal(err)
	}
	kp, err = st.FindKeyPoints(ctx, q[1])
	if err != nil {
		t.Fatal(err)
	}
	if got, want := kp.Text, "Most States count services, not outcomes."; got != want {
		t.Fatalf("text = %q, want %q", got, want)
	}
	if kp.UpdatedBy == nil || *kp.UpdatedBy != 8 {
		t.Fatalf("updated by = %v, want 8", kp.UpdatedBy)
	}
	_, err = st.SetKeyPoints(ctx, "reviewer:8", q[1], 2, strings.Repeat("x", 20001))
	wantKind(t, err, store.KindValidation, "validation_failed")
	_, err = st.SetKeyPoints(ctx, "reviewer:8", 999999, 0, "text")
	wantKind(t, err, store.KindNotFound, "not_found")
	_, err = st.FindKeyPoints(ctx, 999999)
	wantKind(t, err, store.KindNotFound, "not_found")
	if got := auditActions(t, st, "reviewer:8"); len(got) != 1 || got[0] != "key_points.set" {
		t.Fatalf("audit = %v, want one key_points.set", got)
	}
}

func themeCounts(themes []store.Theme) string {
	var parts []string
	for _, th := range themes {
		parts = append(parts, th.Name+"="+strconv.Itoa(th.Count))
	}
	return strings.Join(parts, " ")
}

// A resubmission keeps the themes reviewers tagged the answers with, and
// drops only answers the respondent cleared.
func TestResubmissionKeepsThemes(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	p := mustSubmitSurvivor(t, st, "Network", "KH", "named", "en", "We ask for ramps.")
	q := questionIDs(t, st, "survivors")
	theme, err := st.CreateTheme(ctx, "reviewer:1", consultationID(t, st), "Accessibility")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.TagAnswer(ctx, "reviewer:1", p.ResponseID, q[2], theme.ID); err != nil {
		t.Fatal(err)
	}
	r, _ := st.FindResponse(ctx, p)
	v := mustSave(t, st, p, r.Version, store.AnswerInput{QuestionID: q[2], Text: "We ask for ramps and lifts."},
		store.AnswerInput{QuestionID: q[1], Choice: "partly"})
	if _, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: "named"}); err != nil {
		t.Fatal(err)
	}
	themes, _ := st.FindThemes(ctx, consultationID(t, st))
	if got, want := themeCounts(themes), "Accessibility=1"; got != want {
		t.Fatalf("themes after resubmission = %s, want %s", got, want)
	}
	if got := submittedText(t, st, p, q[2]); got != "We ask for ramps and lifts." {
		t.Fatalf("submitted text = %q, want the new one", got)
	}
	if got := submittedText(t, st, p, q[1]); got != "" {
		t.Fatalf("question 1 comment = %q, want it cleared", got)
	}
}
