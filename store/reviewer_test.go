package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
)

const testPassword = "correct horse battery"

func mustReviewer(t *testing.T, st *store.Store, email, role string) *store.Reviewer {
	t.Helper()
	r, err := st.CreateReviewer(context.Background(), store.NewReviewer{Email: email, Name: "Reviewer " + role, Role: role, Password: testPassword}, "cli")
	if err != nil {
		t.Fatalf("create reviewer: %v", err)
	}
	return r
}

func TestCreateReviewerValidation(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	_, err := st.CreateReviewer(ctx, store.NewReviewer{Email: "nope", Name: "", Role: "viewer", Password: "short"}, "cli")
	e := wantKind(t, err, store.KindValidation, "validation_failed")
	for _, f := range []string{"email", "name", "role", "password"} {
		if _, ok := e.Fields[f]; !ok {
			t.Errorf("fields = %v, want %q", e.Fields, f)
		}
	}
	mustReviewer(t, st, "Chair@Example.org", store.RoleCoChair)
	_, err = st.CreateReviewer(ctx, store.NewReviewer{Email: "chair@example.org", Name: "Again", Role: store.RoleAdmin, Password: testPassword}, "cli")
	wantKind(t, err, store.KindConflict, "email_taken")
	var hash string
	st.Pool().QueryRow(ctx, `SELECT password_hash FROM reviewers`).Scan(&hash)
	if !strings.HasPrefix(hash, "$2") || strings.Contains(hash, testPassword) {
		t.Fatalf("password stored as %q, want a bcrypt hash", hash)
	}
}

func TestSignInSessionsAndSignOut(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	mustReviewer(t, st, "chair@example.org", store.RoleCoChair)

	_, _, err := st.SignIn(ctx, "chair@example.org", "wrong password!", "192.0.2.1")
	wantKind(t, err, store.KindUnauthorized, "invalid_credentials")
	_, _, err = st.SignIn(ctx, "nobody@example.org", testPassword, "192.0.2.1")
	wantKind(t, err, store.KindUnauthorized, "invalid_credentials")

	r, token, err := st.SignIn(ctx, " CHAIR@example.org ", testPassword, "192.0.2.1")
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	got, err := st.FindReviewerSession(ctx, token)
	if err != nil || got.ID != r.ID || got.Role != store.RoleCoChair {
		t.Fatalf("session: %+v %v", got, err)
	}
	if err := st.SignOut(ctx, token); err != nil {
		t.Fatal(err)
	}
	if got := auditActions(t, st, r.Actor()); len(got) != 2 || got[1] != "reviewer.sign_out" {
		t.Fatalf("audit log of the reviewer = %v, want sign_in then sign_out", got)
	}
	_, err = st.FindReviewerSession(ctx, token)
	wantKind(t, err, store.KindUnauthorized, "not_signed_in")

	_, token, _ = st.SignIn(ctx, "chair@example.org", testPassword, "192.0.2.1")
	st.Pool().Exec(ctx, `UPDATE reviewer_sessions SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second'`)
	_, err = st.FindReviewerSession(ctx, token)
	wantKind(t, err, store.KindUnauthorized, "not_signed_in")
}

// Failed sign-ins slow down the address that makes them and, for
// addresses that fail, the account; they never lock its owner out: the
// right password from an address that has not been failing always works.
func TestSignInSlowsDownGuessesWithoutLockingOut(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	mustReviewer(t, st, "chair@example.org", store.RoleCoChair)
	mustReviewer(t, st, "admin@example.org", store.RoleAdmin)

	for i := range 5 {
		_, _, err := st.SignIn(ctx, "chair@example.org", "guess number "+string(rune('a'+i)), "192.0.2.10")
		wantKind(t, err, store.KindUnauthorized, "invalid_credentials")
	}
	// The guessing address now waits, and says how long.
	_, _, err := st.SignIn(ctx, "chair@example.org", "guess number f", "192.0.2.10")
	e := wantKind(t, err, store.KindRateLimited, "too_many_attempts")
	if got, want := e.Data["retry_after"], 1; got != want || !strings.Contains(e.Message, "1 seconds") {
		t.Fatalf("retry_after = %v (%q), want %v", got, e.Message, want)
	}
	// The owner, from an address that has not been failing, is let in at
	// once, again and again, while the stranger keeps guessing.
	for range 3 {
		if _, _, err := st.SignIn(ctx, "chair@example.org", testPassword, "198.51.100.7"); err != nil {
			t.Fatalf("the right password from a clean address: %v, want a session", err)
		}
	}
	// Each wait doubles: after the 6th, 7th... failure 2 s, 4 s...
	for i, want := range []int{2, 4, 8} {
		ageFailures(t, st)
		_, _, err := st.SignIn(ctx, "chair@example.org", fmt.Sprintf("guess %d", i), "192.0.2.10")
		wantKind(t, err, store.KindUnauthorized, "invalid_credentials")
		_, _, err = st.SignIn(ctx, "chair@example.org", "again", "192.0.2.10")
		if got := wantKind(t, err, store.KindRateLimited, "too_many_attempts").Data["retry_after"]; got != want {
			t.Fatalf("after %d failures retry_after = %v, want %d", 6+i, got, want)
		}
	}
	// The guessing address waits even with the right password; the
	// account's failures also slow down another address once it fails.
	_, _, err = st.SignIn(ctx, "chair@example.org", testPassword, "192.0.2.10")
	wantKind(t, err, store.KindRateLimited, "too_many_attempts")
	_, _, err = st.SignIn(ctx, "chair@example.org", "wrong", "203.0.113.9")
	wantKind(t, err, store.KindUnauthorized, "invalid_credentials")
	_, _, err = st.SignIn(ctx, "chair@example.org", "wrong again", "203.0.113.9")
	wantKind(t, err, store.KindRateLimited, "too_many_attempts")
	// One address guessing across accounts slows down too.
	for i := range 5 {
		st.SignIn(ctx, "someone"+string(rune('a'+i))+"@example.org", "guess", "203.0.113.5")
	}
	_, _, err = st.SignIn(ctx, "admin@example.org", testPassword, "203.0.113.5")
	wantKind(t, err, store.KindRateLimited, "too_many_attempts")
	// The delay has a ceiling: no one waits more than 15 minutes.
	for range 40 {
		ageFailures(t, st)
		st.SignIn(ctx, "nobody@example.org", "guess", "203.0.113.5")
	}
	_, _, err = st.SignIn(ctx, "admin@example.org", testPassword, "203.0.113.5")
	if got := wantKind(t, err, store.KindRateLimited, "too_many_attempts").Data["retry_after"]; got != 900 {
		t.Fatalf("retry_after = %v, want the ceiling of 900 s", got)
	}
}

// ageFailures moves every failed sign-in an hour back, as if the
// waits had passed.
func ageFailures(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := st.Pool().Exec(context.Background(), `UPDATE rate_events SET at = at - interval '1 hour'
		WHERE key LIKE 'signin:%'`); err != nil {
		t.Fatal(err)
	}
}

// Parallel guesses from one address must not all pass the check before
// any of them is counted: no more than the free ones reach the password.
func TestSignInCountsParallelGuesses(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	mustReviewer(t, st, "chair@example.org", store.RoleCoChair)
	const guesses = 20
	errs := make(chan error, guesses)
	var wg sync.WaitGroup
	for i := range guesses {
		wg.Go(func() {
			_, _, err := st.SignIn(context.Background(), "chair@example.org", fmt.Sprintf("guess %d", i), "192.0.2.1")
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	counts := map[string]int{}
	for err := range errs {
		var e *store.Error
		if !errors.As(err, &e) {
			t.Fatalf("sign in: %v, want a store error", err)
		}
		counts[e.Code]++
	}
	if got := counts["invalid_credentials"]; got > 5 {
		t.Errorf("%d guesses were evaluated, want at most 5 (outcomes %v)", got, counts)
	}
	if got, want := counts["invalid_credentials"]+counts["too_many_attempts"], guesses; got != want {
		t.Errorf("outcomes %v, want every guess refused as wrong or as too soon", counts)
	}
	// The owner is not kept out.
	if _, _, err := st.SignIn(context.Background(), "chair@example.org", testPassword, "198.51.100.9"); err != nil {
		t.Fatalf("the right password from another address: %v", err)
	}
}

func TestReviewerTokens(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	r := mustReviewer(t, st, "admin@example.org", store.RoleAdmin)
	token, err := st.CreateReviewerToken(ctx, "admin@example.org", "cli")
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.AuthenticateReviewerToken(ctx, token)
	if err != nil || got.ID != r.ID || !got.IsAdmin() {
		t.Fatalf("token: %+v %v", got, err)
	}
	for _, bad := range []string{"", strings.TrimPrefix(token, "vcr_"), token + "x", "vcr_" + strings.Repeat("A", 43)} {
		_, err := st.AuthenticateReviewerToken(ctx, bad)
		wantKind(t, err, store.KindUnauthorized, "invalid_token")
	}
	_, session, _ := st.SignIn(ctx, "admin@example.org", testPassword, "192.0.2.1")
	if err := st.DisableReviewer(ctx, "admin@example.org", "cli"); err != nil {
		t.Fatal(err)
	}
	_, err = st.AuthenticateReviewerToken(ctx, token)
	wantKind(t, err, store.KindUnauthorized, "invalid_token")
	_, err = st.FindReviewerSession(ctx, session)
	wantKind(t, err, store.KindUnauthorized, "not_signed_in")
}
