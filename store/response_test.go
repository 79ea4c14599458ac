package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/store"
)

func TestSaveDraftVersionsAndRevisions(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	p := mustState(t, st, "KH")
	q := questionIDs(t, st, "states-parties")

	v := mustSave(t, st, p, 0, store.AnswerInput{QuestionID: q[1], Text: "first"})
	if v != 1 {
		t.Fatalf("version after first save = %d, want 1", v)
	}
	v = mustSave(t, st, p, v, store.AnswerInput{QuestionID: q[1], Text: "second"}, store.AnswerInput{QuestionID: q[2], Text: "baseline"})
	if v != 2 {
		t.Fatalf("version after second save = %d, want 2", v)
	}
	r, err := st.FindResponse(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(r.Answers), 2; got != want {
		t.Fatalf("answers = %d, want %d", got, want)
	}
	if got, want := r.Answers[0].Text, "second"; got != want {
		t.Fatalf("answer 1 = %q, want %q", got, want)
	}
	if got, want := r.Answers[0].UpdatedBy, p.ContributorName; got != want {
		t.Fatalf("updated by = %q, want %q", got, want)
	}
	var revisions int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM answer_revisions WHERE response_id = $1`, p.ResponseID).Scan(&revisions)
	if revisions != 3 {
		t.Fatalf("revisions = %d, want 3 (every save of every answer kept)", revisions)
	}
	if _, err := st.Pool().Exec(ctx, `DELETE FROM answer_revisions`); err == nil {
		t.Fatal("deleting revisions succeeded, want the append-only trigger to refuse")
	}
}

func TestSaveDraftStaleVersionConflicts(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	p := mustState(t, st, "CO")
	q := questionIDs(t, st, "states-parties")
	mustSave(t, st, p, 0, store.AnswerInput{QuestionID: q[1], Text: "official A"})

	_, err := st.SaveDraft(context.Background(), p, store.Draft{Version: 0, Answers: []store.AnswerInput{{QuestionID: q[1], Text: "official B"}}})
	e := wantKind(t, err, store.KindConflict, "version_conflict")
	if got := e.Data["current_version"]; got != 1 {
		t.Fatalf("current_version = %v, want 1", got)
	}
	r, _ := st.FindResponse(context.Background(), p)
	if r.Answers[0].Text != "official A" || r.Version != 1 {
		t.Fatalf("after conflict: text %q version %d, want the first save untouched", r.Answers[0].Text, r.Version)
	}
	// A retry of a save that already landed is not a conflict.
	saved, err := st.SaveDraft(context.Background(), p, store.Draft{Version: 0, Answers: []store.AnswerInput{{QuestionID: q[1], Text: "official A"}}})
	if err != nil || saved.Changed || saved.Version != 1 {
		t.Fatalf("retry: %+v, %v; want version 1 unchanged", saved, err)
	}
}

func TestSaveDraftRejectsBadAnswersAndChangesNothing(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	sp := mustState(t, st, "AF")
	_, sv := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Survivors Network", Country: "AF"})
	qsp := questionIDs(t, st, "states-parties")
	qsv := questionIDs(t, st, "survivors")

	tests := []struct {
		name string
		p    *store.Principal
		a    store.AnswerInput
	}{
		{"too long", sp, store.AnswerInput{QuestionID: qsp[1], Text: strings.Repeat("é", 10001)}},
		{"unknown choice", sv, store.AnswerInput{QuestionID: qsv[1], Choice: "maybe"}},
		{"choice on a text question", sv, store.AnswerInput{QuestionID: qsv[2], Choice: "yes"}},
		{"unknown question", sp, store.AnswerInput{QuestionID: 999999, Text: "x"}},
		{"other audience's question", sp, store.AnswerInput{QuestionID: qsv[2], Text: "x"}},
		{"NUL", sp, store.AnswerInput{QuestionID: qsp[1], Text: "a\x00b"}},
		{"invalid UTF-8", sp, store.AnswerInput{QuestionID: qsp[1], Text: "a\xffb"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok := store.AnswerInput{QuestionID: qsp[2], Text: "fine"}
			if tt.p == sv {
				ok = store.AnswerInput{QuestionID: qsv[2], Text: "fine"}
			}
			_, err := st.SaveDraft(context.Background(), tt.p, store.Draft{Version: 0, Answers: []store.AnswerInput{ok, tt.a}})
			e := wantKind(t, err, store.KindValidation, "invalid_answers")
			if _, named := e.Fields[fmt.Sprint(tt.a.QuestionID)]; !named {
				t.Fatalf("fields = %v, want question %d named", e.Fields, tt.a.QuestionID)
			}
			r, _ := st.FindResponse(context.Background(), tt.p)
			if r.Version != 0 || len(r.Answers) != 0 {
				t.Fatalf("after a refused save: version %d, %d answers; want nothing changed", r.Version, len(r.Answers))
			}
		})
	}
}

func TestSubmitFlow(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	_, p := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Kind: "individual", Name: "Amina", Country: "SD"})
	q := questionIDs(t, st, "survivors")
	v := mustSave(t, st, p, 0, store.AnswerInput{QuestionID: q[1], Choice: "partly", Text: "Sometimes"})

	_, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: "anonymous"})
	e := wantKind(t, err, store.KindValidation, "missing_answers")
	if len(e.Fields) != 2 {
		t.Fatalf("missing fields = %v, want questions 2 and 3", e.Fields)
	}

	v = mustSave(t, st, p, v, store.AnswerInput{QuestionID: q[2], Text: "Listen to us"}, store.AnswerInput{QuestionID: q[3], Choice: "some_difference"})
	first, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: "anonymous", Language: "ar"})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if first.Status != "submitted" || !strings.HasPrefix(first.Receipt, "VA-") || first.SubmittedAt == nil {
		t.Fatalf("submitted response = %+v", first)
	}
	again, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: "anonymous"})
	if err != nil || again.Receipt != first.Receipt {
		t.Fatalf("second submit: receipt %q, %v; want the first receipt %q", again.Receipt, err, first.Receipt)
	}
	var submissions int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM submissions WHERE response_id = $1`, p.ResponseID).Scan(&submissions)
	if submissions != 1 {
		t.Fatalf("submissions = %d, want 1", submissions)
	}

	// Edit after submission: reviewers keep seeing the submitted text until
	// the next submission.
	v = mustSave(t, st, p, v, store.AnswerInput{QuestionID: q[2], Text: "Listen to us, and fund us"})
	if got := submittedText(t, st, p, q[2]); got != "Listen to us" {
		t.Fatalf("submitted text after edit = %q, want the submitted one", got)
	}
	second, err := st.SubmitResponse(ctx, p, store.Submission{Version: v, Attribution: "confidential"})
	if err != nil {
		t.Fatalf("resubmit: %v", err)
	}
	if second.Receipt == first.Receipt || second.Attribution != "confidential" {
		t.Fatalf("resubmission = %+v, want a new receipt and the new attribution", second)
	}
	if got := submittedText(t, st, p, q[2]); got != "Listen to us, and fund us" {
		t.Fatalf("submitted text after resubmission = %q", got)
	}
}

func submittedText(t *testing.T, st *store.Store, p *store.Principal, questionID int64) string {
	t.Helper()
	var text string
	err := st.Pool().QueryRow(context.Background(), `SELECT text FROM submitted_answers WHERE response_id = $1 AND question_id = $2`,
		p.ResponseID, questionID).Scan(&text)
	if err != nil {
		t.Fatalf("submitted text: %v", err)
	}
	return text
}

func TestSubmitRefusesStaleVersionAndBadAttribution(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	p := mustState(t, st, "PE")
	q := questionIDs(t, st, "states-parties")
	var answers []store.AnswerInput
	for n := 1; n <= 4; n++ {
		answers = append(answers, store.AnswerInput{QuestionID: q[n], Text: "answer"})
	}
	v := mustSave(t, st, p, 0, answers...)
	_, err := st.SubmitResponse(context.Background(), p, store.Submission{Version: v - 1, Attribution: "named"})
	wantKind(t, err, store.KindConflict, "version_conflict")
	_, err = st.SubmitResponse(context.Background(), p, store.Submission{Version: v, Attribution: "public"})
	e := wantKind(t, err, store.KindValidation, "validation_failed")
	if len(e.Fields) != 1 || e.Fields["attribution"] == "" {
		t.Errorf("fields = %v, want the attribution only", e.Fields)
	}
	var ve *store.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, store.ErrValidation) {
		t.Errorf("err = %T, want a *store.ValidationError matching ErrValidation", err)
	}
}

// A submission without an attribution and with required answers missing
// is refused with every reason at once, the attribution first.
func TestSubmitNamesEveryProblemAtOnce(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	p := mustState(t, st, "KH")
	q := questionIDs(t, st, "states-parties")
	v := mustSave(t, st, p, 0, store.AnswerInput{QuestionID: q[1], Text: "answer"})
	_, err := st.SubmitResponse(context.Background(), p, store.Submission{Version: v})
	var ve *store.ValidationError
	if !errors.As(err, &ve) || ve.Code != "missing_answers" {
		t.Fatalf("err = %v, want missing_answers", err)
	}
	var got []string
	for _, pr := range ve.Problems {
		got = append(got, pr.Field)
	}
	want := []string{"attribution", itoa(q[2]), itoa(q[3]), itoa(q[4])}
	if !slices.Equal(got, want) {
		t.Errorf("problems name %v, want %v", got, want)
	}
}

func TestOpeningTimesEnforced(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	p := mustState(t, st, "TH")
	q := questionIDs(t, st, "states-parties")
	mustSave(t, st, p, 0, store.AnswerInput{QuestionID: q[1], Text: "kept"})

	past, future := time.Now().Add(-time.Hour), time.Now().Add(time.Hour)
	setWindow(t, st, &future, nil)
	_, err := st.SaveDraft(context.Background(), p, store.Draft{Version: 1, Answers: []store.AnswerInput{{QuestionID: q[1], Text: "early"}}})
	wantKind(t, err, store.KindConflict, "consultation_not_open")

	before := past.Add(-time.Hour)
	setWindow(t, st, &before, &past)
	_, err = st.SaveDraft(context.Background(), p, store.Draft{Version: 1, Answers: []store.AnswerInput{{QuestionID: q[1], Text: "late"}}})
	wantKind(t, err, store.KindConflict, "consultation_closed")
	_, err = st.SubmitResponse(context.Background(), p, store.Submission{Version: 1, Attribution: "named"})
	wantKind(t, err, store.KindConflict, "consultation_closed")

	r, _ := st.FindResponse(context.Background(), p)
	if r.Answers[0].Text != "kept" {
		t.Fatalf("draft after refused saves = %q, want it kept", r.Answers[0].Text)
	}
}

// Two officials of one delegation save different answers at the same time;
// each retries on a conflict with the version the server reports. Neither
// loses text.
func TestConcurrentContributorsLoseNothing(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	a := mustState(t, st, "MZ")
	_, b := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Delegation MZ", Country: "MZ", Contributor: "Second official"})
	if a.ResponseID != b.ResponseID || a.ContributorID == b.ContributorID {
		t.Fatalf("contributors: %+v %+v, want two people on one response", a, b)
	}
	q := questionIDs(t, st, "states-parties")
	var wg sync.WaitGroup
	for i, p := range []*store.Principal{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 20; n++ {
				saveWithRetry(t, st, p, store.AnswerInput{QuestionID: q[i+1], Text: fmt.Sprintf("%s edit %d", p.ContributorName, n)})
			}
		}()
	}
	wg.Wait()
	r, _ := st.FindResponse(ctx, a)
	if len(r.Answers) != 2 || r.Version != 40 {
		t.Fatalf("after concurrent saves: %d answers at version %d, want 2 at version 40", len(r.Answers), r.Version)
	}
	for i, ans := range r.Answers {
		if !strings.HasSuffix(ans.Text, "edit 19") {
			t.Fatalf("answer %d = %q, want the last edit", i+1, ans.Text)
		}
	}
}

func saveWithRetry(t *testing.T, st *store.Store, p *store.Principal, a store.AnswerInput) {
	ctx := context.Background()
	for {
		r, err := st.FindResponse(ctx, p)
		if err != nil {
			t.Error(err)
			return
		}
		_, err = st.SaveDraft(ctx, p, store.Draft{Version: r.Version, Answers: []store.AnswerInput{a}})
		if errors.Is(err, store.ErrConflict) {
			continue
		}
		if err != nil {
			t.Error(err)
		}
		return
	}
}

func TestMergeDraftWithToken(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	acc, p := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH"})
	q := questionIDs(t, st, "states-parties")
	byToken := store.Saver{AccessToken: acc.Token}
	m, err := st.MergeDraft(ctx, byToken, store.Draft{Version: 0, Answers: []store.AnswerInput{{QuestionID: q[1], Text: "by token"}}})
	if err != nil || m.Version != 1 || m.Principal.ResponseID != p.ResponseID || m.Principal.ContributorID != p.ContributorID {
		t.Fatalf("save with token: %+v %v", m, err)
	}
	_, err = st.MergeDraft(ctx, byToken, store.Draft{Version: 0, Answers: []store.AnswerInput{{QuestionID: q[1], Text: "stale"}}})
	wantKind(t, err, store.KindConflict, "version_conflict")

	for _, bad := range []string{"short", strings.Repeat("A", 43)} {
		_, err := st.MergeDraft(ctx, store.Saver{AccessToken: bad}, store.Draft{Version: 1})
		wantKind(t, err, store.KindUnauthorized, "invalid_token")
	}
	st.RevokeAccessToken(ctx, acc.Token, "cli")
	_, err = st.MergeDraft(ctx, byToken, store.Draft{Version: 1, Answers: []store.AnswerInput{{QuestionID: q[1], Text: "revoked"}}})
	wantKind(t, err, store.KindUnauthorized, "invalid_token")

	// The connection went back to the pool outside any transaction.
	r, err := st.FindResponse(ctx, p)
	if err != nil || r.Version != 1 || r.Answers[0].Text != "by token" {
		t.Fatalf("after refused saves: %+v %v", r, err)
	}
}
