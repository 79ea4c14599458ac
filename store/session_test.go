package store_test

import (
	"context"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

func TestWebSessions(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	acc, p := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Country: "KH", Name: "Cambodia"})

	_, _, err := st.StartSession(ctx, "not-a-token")
	wantKind(t, err, store.KindUnauthorized, "invalid_token")

	got, session, err := st.StartSession(ctx, acc.Token)
	if err != nil {
		t.Fatal(err)
	}
	if got.ResponseID != p.ResponseID || session == acc.Token {
		t.Fatalf("session principal %+v token %q: want the access link's response and a token of its own", got, session)
	}
	sp, err := st.SessionPrincipal(ctx, session)
	if err != nil {
		t.Fatal(err)
	}
	if sp.ContributorID != acc.Contributor.ID || sp.Audience != "states-parties" {
		t.Fatalf("session principal = %+v", sp)
	}
	var hashed int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM web_sessions
		WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, session).Scan(&hashed); err != nil {
		t.Fatal(err)
	}
	if hashed != 1 {
		t.Fatal("the session is not stored under the SHA-256 of its token")
	}

	// A session ends when it is ended, and when its access link is revoked.
	if err := st.EndSession(ctx, session); err != nil {
		t.Fatal(err)
	}
	_, err = st.SessionPrincipal(ctx, session)
	wantKind(t, err, store.KindUnauthorized, "no_session")
	_, again, err := st.StartSession(ctx, acc.Token)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.RevokeAccessToken(ctx, acc.Token, "cli"); err != nil {
		t.Fatal(err)
	}
	_, err = st.SessionPrincipal(ctx, again)
	wantKind(t, err, store.KindUnauthorized, "no_session")

	// Expired sessions do not count, and the next start removes them.
	_, other := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Country: "CO", Name: "Colombia"})
	old, err := st.CreateSession(ctx, other.ContributorID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Pool().Exec(ctx, `UPDATE web_sessions SET created_at = now() - interval '60 days',
		expires_at = now() - interval '1 day'`); err != nil {
		t.Fatal(err)
	}
	_, err = st.SessionPrincipal(ctx, old)
	wantKind(t, err, store.KindUnauthorized, "no_session")
	if _, err := st.CreateSession(ctx, other.ContributorID); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM web_sessions`).Scan(&left); err != nil {
		t.Fatal(err)
	}
	if left != 1 {
		t.Fatalf("%d sessions left, want only the new one", left)
	}
}

func TestViewHelpers(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	_, p := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Country: "AF", Name: "Afghan Survivors"})
	r, err := st.FindRespondent(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "Afghan Survivors" || r.Country != "AF" {
		t.Fatalf("respondent = %+v", r)
	}
	c, err := st.FindConsultationByID(ctx, p.ConsultationID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.QuestionSet("survivors"); !ok {
		t.Fatal("the consultation has no survivors' question set")
	}
	sub, err := st.FindSubmittedAnswers(ctx, p)
	if err != nil || len(sub) != 0 {
		t.Fatalf("submitted answers of a draft = %v, %v", sub, err)
	}
}
