package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/store"
)

// Each status an administrator sets moves the dates as it says, takes or
// refuses answers accordingly, and is in the audit log.
func TestSetStatus(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	p := mustState(t, st, "KH")
	q := questionIDs(t, st, "states-parties")
	answer := store.AnswerInput{QuestionID: q[1], Text: "Our database."}

	c, err := st.SetStatus(ctx, "cli", slug2012, store.StatusDraft)
	if err != nil || c.Status(time.Now()) != store.StatusDraft {
		t.Fatalf("draft: %+v %v", c, err)
	}
	if _, err := st.SaveDraft(ctx, p, store.Draft{Version: 0, Answers: []store.AnswerInput{answer}}); err == nil {
		t.Fatal("a draft consultation took an answer")
	} else {
		wantKind(t, err, store.KindConflict, "consultation_not_open")
	}
	if _, err := st.SetStatus(ctx, "cli", slug2012, store.StatusClosed); err != nil {
		t.Fatalf("close a draft that has opened: %v", err)
	}
	_, err = st.SetStatus(ctx, "cli", slug2012, store.StatusOpen)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	v := mustSave(t, st, p, 0, answer)
	c, err = st.SetStatus(ctx, "cli", slug2012, store.StatusClosed)
	if err != nil || c.ClosesAt == nil || c.ClosesAt.After(time.Now()) {
		t.Fatalf("close: %+v %v, want a closing time of now", c, err)
	}
	_, err = st.SaveDraft(ctx, p, store.Draft{Version: v, Answers: []store.AnswerInput{answer}})
	wantKind(t, err, store.KindConflict, "consultation_closed")
	if _, err := st.SetStatus(ctx, "cli", slug2012, store.StatusPublished); err != nil {
		t.Fatalf("publish a closed consultation: %v", err)
	}
	_, err = st.ExtendClosing(ctx, "cli", slug2012, time.Now().Add(time.Hour))
	wantKind(t, err, store.KindConflict, "consultation_published")
	if _, err := st.SetStatus(ctx, "cli", slug2012, store.StatusClosed); err != nil {
		t.Fatalf("unpublish: %v", err)
	}
	_, err = st.ExtendClosing(ctx, "cli", slug2012, time.Now().Add(-time.Hour))
	wantKind(t, err, store.KindValidation, "invalid_closing_time")
	c, err = st.ExtendClosing(ctx, "cli", slug2012, time.Now().Add(time.Hour))
	if err != nil || c.Status(time.Now()) != store.StatusOpen {
		t.Fatalf("extend: %+v %v, want open again", c, err)
	}
	_, err = st.SetStatus(ctx, "cli", slug2012, "archived")
	wantKind(t, err, store.KindValidation, "invalid_status")

	var n int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action IN ('consultation.status', 'consultation.closing')`).Scan(&n)
	if n != 7 {
		t.Errorf("%d status changes in the audit log, want 7", n)
	}
}

// A consultation with a submitted response cannot go back to draft, and
// one that has not opened cannot close.
func TestSetStatusRefusals(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	later := time.Now().Add(24 * time.Hour)
	setWindow(t, st, &later, nil)
	_, err := st.SetStatus(ctx, "cli", slug2012, store.StatusClosed)
	wantKind(t, err, store.KindConflict, "consultation_not_opened")
	_, err = st.SetStatus(ctx, "cli", slug2012, store.StatusPublished)
	wantKind(t, err, store.KindConflict, "consultation_not_closed")

	setWindow(t, st, nil, nil)
	p := mustState(t, st, "KH")
	q := questionIDs(t, st, "states-parties")
	var answers []store.AnswerInput
	for n := 1; n <= 4; n++ {
		answers = append(answers, store.AnswerInput{QuestionID: q[n], Text: "Text."})
	}
	v := mustSave(t, st, p, 0, answers...)
	if _, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: "named"}); err != nil {
		t.Fatal(err)
	}
	_, err = st.SetStatus(ctx, "cli", slug2012, store.StatusDraft)
	wantKind(t, err, store.KindConflict, "consultation_answered")
}

// A draft is absent from the public list, and registration answers as if
// it did not exist.
func TestDraftIsHidden(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	if _, err := st.SetStatus(ctx, "cli", slug2012, store.StatusDraft); err != nil {
		t.Fatal(err)
	}
	listed, err := st.FindListedConsultations(ctx)
	if err != nil || len(listed) != 0 {
		t.Fatalf("listed = %d %v, want none", len(listed), err)
	}
	_, err = st.Register(ctx, store.NewRespondent{Consultation: slug2012, Audience: "survivors", Kind: "organisation",
		Name: "Network", Country: "KH", Contributor: "Ana"})
	wantKind(t, err, store.KindNotFound, "not_found")
}

// Loading a file that says what the consultation says writes nothing; a
// file written from the consultation says just that.
func TestLoadUnchangedWritesNothing(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	f, err := st.ConsultationFile(ctx, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	res, err := st.LoadConsultation(ctx, f)
	if err != nil || !res.Unchanged {
		t.Fatalf("reload = %+v %v, want unchanged", res, err)
	}
	var n int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'consultation.update'`).Scan(&n)
	if n != 0 {
		t.Errorf("%d updates in the audit log, want 0", n)
	}
	f.Title["fr"] = "Autre titre"
	if res, err := st.LoadConsultation(ctx, f); err != nil || res.Unchanged {
		t.Fatalf("load of a changed title = %+v %v, want a change", res, err)
	}
}

// A copy is a draft with the questions and translations of the original,
// without dates; its slug must be free.
func TestCopyConsultation(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	c, err := st.CopyConsultation(ctx, "reviewer:1", slug2012, "va-impact-2027")
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := st.FindConsultationBySlug(ctx, slug2012)
	if !c.IsDraft() || c.OpensAt != nil || c.Context["es"] != orig.Context["es"] ||
		c.QuestionSets[1].Questions[2].Choices[0].Label["ar"] != orig.QuestionSets[1].Questions[2].Choices[0].Label["ar"] {
		t.Errorf("copy = %+v", c)
	}
	_, err = st.CopyConsultation(ctx, "reviewer:1", slug2012, "va-impact-2027")
	wantKind(t, err, store.KindConflict, "slug_taken")
	_, err = st.CopyConsultation(ctx, "reviewer:1", "no-such", "va-impact-2028")
	wantKind(t, err, store.KindNotFound, "not_found")
}
