package main_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
)

// A reviewer who lost the device of their second factor and its recovery
// codes has it removed from the command line; their sessions end, and an
// administrator enrols again at the next sign-in.
func TestUserResetSecondFactor(t *testing.T) {
	t.Parallel()
	url := dbtest.NewDatabase(t)
	ctx := context.Background()
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := st.CreateReviewer(ctx, store.NewReviewer{Email: "admin@example.org", Name: "Admin", Role: store.RoleAdmin,
		Password: "correct horse battery staple"}, "cli")
	if err != nil {
		t.Fatal(err)
	}
	_, session, _ := st.SignIn(ctx, "admin@example.org", "correct horse battery staple", "192.0.2.1")
	en, _ := st.BeginEnrolment(ctx, r)
	code, _ := totp.GenerateCode(en.Secret, time.Now())
	if _, err := st.ConfirmEnrolment(ctx, r, session, code); err != nil {
		t.Fatal(err)
	}

	run := func(args ...string) (string, error) {
		cmd := exec.Command(binary, args...)
		cmd.Env = append(os.Environ(), "DATABASE_URL="+url)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("user", "reset-2fa", "--email", "Admin@Example.org")
	if err != nil || !strings.Contains(out, "removed the second factor of Admin@Example.org") {
		t.Fatalf("reset-2fa: %v\n%s", err, out)
	}
	if has, _ := st.HasSecondFactor(ctx, r); has {
		t.Fatal("the second factor is still there")
	}
	if _, err := st.FindReviewerSession(ctx, session); !errors.Is(err, store.ErrUnauthorized) {
		t.Fatalf("session after the reset: %v, want it ended", err)
	}
	_, again, _ := st.SignIn(ctx, "admin@example.org", "correct horse battery staple", "192.0.2.1")
	if rs, _ := st.FindReviewerSessionAtAnyStage(ctx, again); rs == nil || rs.Stage != store.StageEnrol {
		t.Fatalf("next sign-in: %+v, want it to enrol again", rs)
	}
	out, err = run("user", "reset-2fa", "--email", "nobody@example.org")
	if err == nil || !strings.Contains(out, "no active reviewer account has the email nobody@example.org") {
		t.Fatalf("reset-2fa of nobody: %v\n%s", err, out)
	}
}
