package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/store"
)

// signOffTeam invites a survivors' organisation with a drafter (Ana) and,
// when withApprover, an approver with an address (Luis), and has Ana save
// a complete response. It returns both principals and the version saved.
func signOffTeam(t *testing.T, st *store.Store, withApprover bool) (ana, luis *store.Principal, version int) {
	t.Helper()
	org := store.NewRespondent{Audience: "survivors", Kind: "organisation", Name: "Red de Sobrevivientes", Country: "CO"}
	in := org
	in.Contributor = "Ana"
	_, ana = mustInvite(t, st, in)
	if withApprover {
		in = org
		in.Contributor, in.Email, in.Approver = "Luis", "luis@example.org", true
		_, luis = mustInvite(t, st, in)
	}
	q := questionIDs(t, st, "survivors")
	version = mustSave(t, st, ana, 0, store.AnswerInput{QuestionID: q[1], Choice: "partly"},
		store.AnswerInput{QuestionID: q[2], Text: "Listen to us"}, store.AnswerInput{QuestionID: q[3], Choice: "some_difference"})
	return ana, luis, version
}

// With an approver, a drafter's submission is refused and changes nothing;
// the drafter asks for approval (the approver is emailed once however
// often it is asked), the approver sees the request and submits, and the
// receipt names them.
func TestSignOffDrafterAsksApproverSubmits(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	ana, luis, v := signOffTeam(t, st, true)

	_, err := st.SubmitResponse(ctx, ana, store.Submission{Version: v, Attribution: "named"})
	e := wantKind(t, err, store.KindForbidden, "approval_required")
	if got, _ := e.Data["approvers"].([]string); len(got) != 1 || got[0] != "Luis" {
		t.Fatalf("approvers named = %v, want Luis", e.Data["approvers"])
	}
	if n := countRows(t, st, `SELECT count(*) FROM submissions`); n != 0 {
		t.Fatalf("a refused submission left %d submissions", n)
	}
	_, r, err := st.FindRespondentResponse(ctx, ana)
	if err != nil || r.Status != "draft" || !r.SignOff.Required() || r.SignOff.Pending() {
		t.Fatalf("drafter's view after refusal: %+v, %v", r, err)
	}

	first, err := st.RequestApproval(ctx, store.Saver{Principal: ana})
	if err != nil || first.Repeated || first.RequestedBy != "Ana" {
		t.Fatalf("first request = %+v, %v", first, err)
	}
	time.Sleep(10 * time.Millisecond)
	again, err := st.RequestApproval(ctx, store.Saver{Principal: ana})
	if err != nil || !again.Repeated || !again.RequestedAt.After(first.RequestedAt) {
		t.Fatalf("second request = %+v, %v; want it repeated, later", again, err)
	}
	if n := countRows(t, st, `SELECT count(*) FROM messages WHERE kind = 'approval_request' AND email = 'luis@example.org'`); n != 1 {
		t.Fatalf("approval emails = %d, want 1", n)
	}
	_, r, err = st.FindRespondentResponse(ctx, luis)
	if err != nil || r.SignOff.Required() || !r.SignOff.Approver || r.SignOff.RequestedBy != "Ana" ||
		r.SignOff.RequestedAt == nil || !r.SignOff.RequestedAt.Equal(again.RequestedAt) {
		t.Fatalf("approver's view = %+v, %v", r.SignOff, err)
	}

	out, err := st.SubmitResponse(ctx, luis, store.Submission{Version: v, Attribution: "named"})
	if err != nil || out.Status != "submitted" || out.SignOff.ApprovedBy != "Luis" {
		t.Fatalf("approver's submission = %+v, %v", out, err)
	}
	resubmit, err := st.SubmitResponse(ctx, luis, store.Submission{Version: v, Attribution: "named"})
	if err != nil || resubmit.Receipt != out.Receipt || resubmit.SignOff.ApprovedBy != "Luis" {
		t.Fatalf("resubmission = %+v, %v", resubmit, err)
	}
	_, r, err = st.FindRespondentResponse(ctx, ana)
	if err != nil || r.SignOff.Pending() || r.SignOff.ApprovedBy != "Luis" {
		t.Fatalf("after submission: %+v, %v; want no pending request, approved by Luis", r.SignOff, err)
	}
	// What the emails say: who asked, and who approved.
	for kind, want := range map[string]string{store.MessageApprovalRequest: "Ana", store.MessageReceipt: "Luis"} {
		id := int64(countRows(t, st, `SELECT max(id) FROM messages WHERE kind = '`+kind+`'`))
		o, err := st.BeginSend(ctx, id, 0)
		if err != nil {
			t.Fatalf("begin send %s: %v", kind, err)
		}
		if got := o.RequestedBy + o.ApprovedBy; got != want {
			t.Errorf("%s names %q, want %q", kind, got, want)
		}
	}
}

// Without an approver, anyone submits as before, and asking for approval
// is refused.
func TestSignOffWithoutApproverUnchanged(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	ana, _, v := signOffTeam(t, st, false)
	_, err := st.RequestApproval(ctx, store.Saver{Principal: ana})
	wantKind(t, err, store.KindConflict, "no_approver")
	out, err := st.SubmitResponse(ctx, ana, store.Submission{Version: v, Attribution: "named"})
	if err != nil || out.Status != "submitted" || out.SignOff.ApprovedBy != "" {
		t.Fatalf("submission without approver = %+v, %v", out, err)
	}
}

// An approver named while a drafter's submission waits for the response's
// lock is seen by it: the submission is refused.
func TestSignOffRoleChangeSeenUnderLock(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	ana, _, v := signOffTeam(t, st, false)
	in := store.NewRespondent{Consultation: slug2012, Audience: "survivors", Kind: "organisation",
		Name: "Red de Sobrevivientes", Country: "CO", Contributor: "Bo"}
	acc, err := st.Invite(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := st.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // committed below
	if _, err := tx.Exec(ctx, `SELECT 1 FROM responses WHERE id = $1 FOR UPDATE`, ana.ResponseID); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `UPDATE contributors SET approver = true WHERE id = $1`, acc.Contributor.ID); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := st.SubmitResponse(ctx, ana, store.Submission{Version: v, Attribution: "named"})
		done <- err
	}()
	waitForLockWait(t, st)
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	wantKind(t, <-done, store.KindForbidden, "approval_required")
	if n := countRows(t, st, `SELECT count(*) FROM submissions`); n != 0 {
		t.Fatalf("submissions = %d, want none", n)
	}
}

// waitForLockWait waits until a statement of the database waits for a
// lock.
func waitForLockWait(t *testing.T, st *store.Store) {
	t.Helper()
	for range 500 {
		var n int
		err := st.Pool().QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the submission never waited for the lock")
}

func countRows(t *testing.T, st *store.Store, sql string) int {
	t.Helper()
	var n int
	if err := st.Pool().QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}
