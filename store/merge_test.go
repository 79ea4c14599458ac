package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// Two officials start from the same answers; each changes some. What only
// one changed is saved, what the other changed first comes back as a
// conflict with their text, and nothing is overwritten.
func TestMergeDraftPerAnswer(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	ana := mustState(t, st, "CO")
	_, bruno := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Delegation CO", Country: "CO", Contributor: "Bruno"})
	q := questionIDs(t, st, "states-parties")
	based := func(qid int64, text string, base int) store.AnswerInput {
		return store.AnswerInput{QuestionID: qid, Text: text, Base: base, Based: true}
	}

	m, err := st.MergeDraft(ctx, store.Saver{Principal: ana}, store.Draft{Answers: []store.AnswerInput{based(q[1], "Ana 1", 0)}})
	if err != nil || len(m.Saved) != 1 || m.Saved[0].Version != 1 || m.Version != 1 {
		t.Fatalf("first save: %+v, %v", m, err)
	}
	// Bruno's copy started before Ana's save; the whole-response version he
	// sends is stale, but each answer carries its base.
	m, err = st.MergeDraft(ctx, store.Saver{Principal: bruno}, store.Draft{Version: 0, Answers: []store.AnswerInput{
		based(q[1], "Bruno 1", 0), based(q[2], "Bruno 2", 0)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Saved) != 1 || m.Saved[0].QuestionID != q[2] || m.Saved[0].Version != 2 {
		t.Fatalf("saved = %+v, want question 2 at version 2", m.Saved)
	}
	if len(m.Conflicts) != 1 {
		t.Fatalf("conflicts = %+v, want question 1", m.Conflicts)
	}
	c := m.Conflicts[0]
	if c.Number != 1 || c.Theirs.Text != "Ana 1" || c.Theirs.UpdatedBy != ana.ContributorName || c.Theirs.Version != 1 || c.Mine.Text != "Bruno 1" {
		t.Fatalf("conflict = %+v", c)
	}
	if e := m.ConflictError(); e == nil || e.Code != "answer_conflict" || e.Fields[itoa(q[1])] == "" {
		t.Fatalf("conflict error = %+v", e)
	}
	if got := len(m.Answers); got != 2 {
		t.Fatalf("answers after the save = %d, want 2", got)
	}

	// Ana goes on from her own version: no one else touched question 1.
	m, err = st.MergeDraft(ctx, store.Saver{Principal: ana}, store.Draft{Answers: []store.AnswerInput{based(q[1], "Ana 1, again", 1)}})
	if err != nil || len(m.Conflicts) != 0 || len(m.Saved) != 1 || m.Saved[0].Version != 3 {
		t.Fatalf("own change: %+v, %v", m, err)
	}
	r, _ := st.FindResponse(ctx, ana)
	if r.Answers[0].Text != "Ana 1, again" || r.Answers[1].Text != "Bruno 2" || r.Version != 3 {
		t.Fatalf("answers = %+v", r.Answers)
	}

	// Without bases, a stale version is refused whole, as before.
	_, err = st.MergeDraft(ctx, store.Saver{Principal: bruno}, store.Draft{Version: 2, Answers: []store.AnswerInput{{QuestionID: q[3], Text: "x"}}})
	wantKind(t, err, store.KindConflict, "version_conflict")
}

func TestMergeDraftRecordsEachAnswersLanguage(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	p := mustState(t, st, "ES")
	q := questionIDs(t, st, "states-parties")
	_, err := st.MergeDraft(ctx, store.Saver{Principal: p}, store.Draft{Version: 0, Language: "fr", Answers: []store.AnswerInput{
		{QuestionID: q[1], Text: "Una encuesta nacional", Language: "es"},
		{QuestionID: q[2], Text: "Une enquête"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := st.FindResponse(ctx, p)
	if r.Answers[0].Language != "es" || r.Answers[1].Language != "fr" {
		t.Fatalf("languages = %q, %q, want es, fr", r.Answers[0].Language, r.Answers[1].Language)
	}
	var revisions int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM answer_revisions WHERE response_id = $1 AND language = 'es'`, p.ResponseID).Scan(&revisions)
	if revisions != 1 {
		t.Fatalf("revisions in es = %d, want 1", revisions)
	}

	for _, d := range []store.Draft{
		{Version: 1, Language: "xx", Answers: []store.AnswerInput{{QuestionID: q[3], Text: "x"}}},
		{Version: 1, Answers: []store.AnswerInput{{QuestionID: q[3], Text: "x", Language: "klingon"}}},
	} {
		_, err := st.MergeDraft(ctx, store.Saver{Principal: p}, d)
		wantKind(t, err, store.KindValidation, "invalid_answers")
	}
	if r, _ := st.FindResponse(ctx, p); r.Version != 1 || len(r.Answers) != 2 {
		t.Fatalf("after refused languages: version %d, %d answers, want nothing changed", r.Version, len(r.Answers))
	}
}

func itoa(n int64) string { return fmt.Sprint(n) }
