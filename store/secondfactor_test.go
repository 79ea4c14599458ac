package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
)

// sessionStage returns the stage of a reviewer's session.
func sessionStage(t *testing.T, st *store.Store, token string) string {
	t.Helper()
	rs, err := st.FindReviewerSessionAtAnyStage(context.Background(), token)
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	return rs.Stage
}

// An administrator must enrol a second factor before any page opens; a
// co-chair may. Once enrolled, a session needs the code (each usable once)
// or a recovery code (each usable once, kept only as a hash).
func TestSecondFactor(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	admin := mustReviewer(t, st, "admin@example.org", store.RoleAdmin)
	mustReviewer(t, st, "chair@example.org", store.RoleCoChair)

	_, session, err := st.SignIn(ctx, "admin@example.org", testPassword, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if got := sessionStage(t, st, session); got != store.StageEnrol {
		t.Fatalf("an administrator without a second factor: stage %q, want %q", got, store.StageEnrol)
	}
	_, err = st.FindReviewerSession(ctx, session)
	wantKind(t, err, store.KindUnauthorized, "not_signed_in")
	if _, chairSession, _ := st.SignIn(ctx, "chair@example.org", testPassword, "192.0.2.1"); sessionStage(t, st, chairSession) != store.StageFull {
		t.Fatal("a co-chair without a second factor must be signed in fully")
	}

	first, err := st.BeginEnrolment(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(first.QR, "data:image/png;base64,") || len(first.Secret) < 16 ||
		!strings.HasPrefix(first.URL, "otpauth://totp/") {
		t.Fatalf("enrolment = %+v", first)
	}
	// Opening the page again replaces the secret: the first was shown once.
	second, _ := st.BeginEnrolment(ctx, admin)
	old, _ := totp.GenerateCode(first.Secret, time.Now())
	_, err = st.ConfirmEnrolment(ctx, admin, session, old)
	wantKind(t, err, store.KindValidation, "invalid_code")
	code, _ := totp.GenerateCode(second.Secret, time.Now())
	recovery, err := st.ConfirmEnrolment(ctx, admin, session, code)
	if err != nil || len(recovery) != 10 {
		t.Fatalf("confirm: %d codes, %v", len(recovery), err)
	}
	if got := sessionStage(t, st, session); got != store.StageFull {
		t.Fatalf("after enrolment: stage %q, want full", got)
	}
	if _, err := st.BeginEnrolment(ctx, admin); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("enrolling twice: %v, want a conflict", err)
	}
	var stored int
	st.Pool().QueryRow(ctx, `SELECT count(*) FROM reviewer_recovery_codes WHERE reviewer_id = $1
		AND code_hash <> sha256(convert_to(replace($2, '-', ''), 'UTF8'))`, admin.ID, recovery[0]).Scan(&stored)
	if stored != 9 {
		t.Fatalf("recovery codes stored: %d others beside the first's hash, want 9 (hashes only)", stored)
	}

	// The next sign-in waits for a code; the one just used does not work
	// again, nor does a wrong one.
	_, waiting, err := st.SignIn(ctx, "admin@example.org", testPassword, "192.0.2.1")
	if err != nil || sessionStage(t, st, waiting) != store.StageSecondFactor {
		t.Fatalf("sign in with a second factor: %v", err)
	}
	wantKind(t, st.CompleteSignIn(ctx, waiting, code), store.KindValidation, "invalid_code")
	wantKind(t, st.CompleteSignIn(ctx, waiting, "000000"), store.KindValidation, "invalid_code")
	if err := st.CompleteSignIn(ctx, waiting, strings.ToUpper(recovery[0])); err != nil {
		t.Fatalf("recovery code: %v", err)
	}
	if got := sessionStage(t, st, waiting); got != store.StageFull {
		t.Fatalf("after the recovery code: stage %q", got)
	}
	_, again, _ := st.SignIn(ctx, "admin@example.org", testPassword, "192.0.2.1")
	wantKind(t, st.CompleteSignIn(ctx, again, recovery[0]), store.KindValidation, "invalid_code")
	// Five wrong codes end the waiting session.
	for range 3 {
		st.CompleteSignIn(ctx, again, "123456")
	}
	wantKind(t, st.CompleteSignIn(ctx, again, "123456"), store.KindUnauthorized, "not_signed_in")
	wantKind(t, st.CompleteSignIn(ctx, again, recovery[1]), store.KindUnauthorized, "not_signed_in")

	// Resetting (a lost device) removes it and ends every session.
	if err := st.ResetSecondFactor(ctx, "admin@example.org", "cli"); err != nil {
		t.Fatal(err)
	}
	_, err = st.FindReviewerSession(ctx, session)
	wantKind(t, err, store.KindUnauthorized, "not_signed_in")
	if has, _ := st.HasSecondFactor(ctx, admin); has {
		t.Fatal("second factor kept after a reset")
	}
	if got := auditActions(t, st, "cli"); !strings.Contains(strings.Join(got, " "), "reviewer.second_factor_reset") {
		t.Fatalf("audit log of cli = %v", got)
	}
}

// A reviewer sees their own sessions, ends any of them but not another's,
// and changing the password ends every other session.
func TestReviewerSessionsAndPasswordChange(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	chair := mustReviewer(t, st, "chair@example.org", store.RoleCoChair)
	other := mustReviewer(t, st, "other@example.org", store.RoleCoChair)
	_, laptop, _ := st.SignIn(ctx, "chair@example.org", testPassword, "192.0.2.1")
	_, phone, _ := st.SignIn(ctx, "chair@example.org", testPassword, "198.51.100.2")
	_, tablet, _ := st.SignIn(ctx, "chair@example.org", testPassword, "198.51.100.3")
	_, theirs, _ := st.SignIn(ctx, "other@example.org", testPassword, "192.0.2.1")

	list, err := st.FindReviewerSessions(ctx, chair, laptop)
	if err != nil || len(list) != 3 {
		t.Fatalf("sessions = %d, %v; want 3", len(list), err)
	}
	if !list[2].Current || list[2].Address != "192.0.2.1" || list[0].Current {
		t.Fatalf("sessions = %+v %+v %+v, want the laptop's marked current", *list[0], *list[1], *list[2])
	}
	theirList, _ := st.FindReviewerSessions(ctx, other, theirs)
	if err := st.RevokeReviewerSession(ctx, chair, theirList[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("ending another reviewer's session: %v, want not found", err)
	}
	if err := st.RevokeReviewerSession(ctx, chair, list[0].ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.FindReviewerSession(ctx, tablet)
	wantKind(t, err, store.KindUnauthorized, "not_signed_in")

	err = st.ChangePassword(ctx, chair, laptop, "not my password", "short")
	e := wantKind(t, err, store.KindValidation, "validation_failed")
	if e.Fields["current"] == "" || e.Fields["password"] == "" {
		t.Fatalf("fields = %v, want current and password", e.Fields)
	}
	if err := st.ChangePassword(ctx, chair, laptop, testPassword, "a new and longer password"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FindReviewerSession(ctx, laptop); err != nil {
		t.Fatalf("the session that changed the password: %v, want it kept", err)
	}
	_, err = st.FindReviewerSession(ctx, phone)
	wantKind(t, err, store.KindUnauthorized, "not_signed_in")
	if _, err := st.FindReviewerSession(ctx, theirs); err != nil {
		t.Fatalf("another reviewer's session: %v, want it kept", err)
	}
	_, _, err = st.SignIn(ctx, "chair@example.org", testPassword, "192.0.2.9")
	wantKind(t, err, store.KindUnauthorized, "invalid_credentials")
	if _, _, err := st.SignIn(ctx, "chair@example.org", "a new and longer password", "192.0.2.9"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
}
