package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

func TestInviteAddsContributorsToOneStateRespondent(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	first, p1 := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "kh", Contributor: "Sok"})
	second, p2 := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH", Contributor: "Dara"})
	if !first.NewRespondent || second.NewRespondent {
		t.Fatalf("new respondent: first %v second %v, want true then false", first.NewRespondent, second.NewRespondent)
	}
	if p1.RespondentID != p2.RespondentID || first.Token == second.Token {
		t.Fatalf("want one respondent with two distinct access links")
	}
	if first.Respondent.Kind != "state" || !first.Respondent.Verified {
		t.Fatalf("respondent = %+v, want a verified state", first.Respondent)
	}
	var stored []byte
	st.Pool().QueryRow(context.Background(), `SELECT token_hash FROM contributors WHERE id = $1`, p1.ContributorID).Scan(&stored)
	if len(stored) != 32 || strings.Contains(string(stored), first.Token) {
		t.Fatalf("token stored as %d bytes, want only its SHA-256", len(stored))
	}
}

func TestInviteValidation(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	tests := []struct {
		name  string
		in    store.NewRespondent
		field string
	}{
		{"not a State Party", store.NewRespondent{Audience: "states-parties", Name: "X", Country: "US"}, "country"},
		{"not a country", store.NewRespondent{Audience: "survivors", Name: "X", Country: "ZZ"}, "country"},
		{"bad audience", store.NewRespondent{Audience: "donors", Name: "X", Country: "KH"}, "audience"},
		{"state kind for survivors", store.NewRespondent{Audience: "survivors", Kind: "state", Name: "X", Country: "KH"}, "kind"},
		{"organisation for States Parties", store.NewRespondent{Audience: "states-parties", Kind: "organisation", Name: "X", Country: "KH"}, "kind"},
		{"no name", store.NewRespondent{Audience: "survivors", Name: "  ", Country: "KH"}, "name"},
		{"bad email", store.NewRespondent{Audience: "survivors", Name: "X", Country: "KH", Email: "not-an-email"}, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Consultation = slug2012
			_, err := st.Invite(context.Background(), tt.in)
			e := wantKind(t, err, store.KindValidation, "validation_failed")
			if _, ok := e.Fields[tt.field]; !ok {
				t.Fatalf("fields = %v, want %q", e.Fields, tt.field)
			}
		})
	}
	var n int
	st.Pool().QueryRow(context.Background(), `SELECT count(*) FROM respondents`).Scan(&n)
	if n != 0 {
		t.Fatalf("respondents after refused invitations = %d, want 0", n)
	}
}

func TestRegister(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	in := store.NewRespondent{Consultation: slug2012, Audience: "survivors", Kind: "organisation", Name: "Landmine Survivors Network", Country: "CO"}
	a, err := st.Register(ctx, in)
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	if a.Respondent.Verified || !a.Respondent.SelfRegistered {
		t.Fatalf("registered respondent = %+v, want self-registered and not verified", a.Respondent)
	}
	// The same name again is a new respondent: a registration never joins
	// someone else's response.
	b, err := st.Register(ctx, in)
	if err != nil || b.Respondent.ID == a.Respondent.ID {
		t.Fatalf("second registration: %v, same respondent %v", err, b != nil && b.Respondent.ID == a.Respondent.ID)
	}

	_, err = st.Register(ctx, store.NewRespondent{Consultation: slug2012, Audience: "states-parties", Name: "Colombia", Country: "CO"})
	wantKind(t, err, store.KindForbidden, "registration_not_allowed")
	st.Pool().Exec(ctx, `UPDATE consultations SET self_registration = false`)
	_, err = st.Register(ctx, in)
	wantKind(t, err, store.KindForbidden, "registration_not_allowed")
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	acc, p := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Org", Country: "KH"})
	if p.Audience != "survivors" || p.ContributorID != acc.Contributor.ID {
		t.Fatalf("principal = %+v", p)
	}
	for _, bad := range []string{"", "short", strings.Repeat("A", 43), acc.Token + "x"} {
		_, err := st.Authenticate(ctx, bad)
		wantKind(t, err, store.KindUnauthorized, "invalid_token")
	}
	if _, err := st.RevokeAccessToken(ctx, acc.Token, "cli"); err != nil {
		t.Fatal(err)
	}
	_, err := st.Authenticate(ctx, acc.Token)
	wantKind(t, err, store.KindUnauthorized, "invalid_token")
}

// The database itself holds the rules, whatever the code above it does.
func TestDatabaseRules(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	sp := mustState(t, st, "KH")
	_, sv := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Org", Country: "KH"})
	qsv := questionIDs(t, st, "survivors")

	rules := []struct {
		name, sql string
		args      []any
	}{
		{"one State Party per country", `INSERT INTO respondents (consultation_id, question_set_id, audience, kind, name, country)
			SELECT consultation_id, question_set_id, audience, kind, 'Again', country FROM respondents WHERE id = $1`, []any{sp.RespondentID}},
		{"one response per respondent", `INSERT INTO responses (respondent_id, question_set_id) VALUES ($1, $2)`, []any{sp.RespondentID, sp.QuestionSetID}},
		{"answers only to the respondent's own question set", `INSERT INTO answers (response_id, question_id, question_set_id, text, version, updated_by)
			VALUES ($1, $2, $3, 'x', 1, $4)`, []any{sp.ResponseID, qsv[2], sp.QuestionSetID, sp.ContributorID}},
		{"answers only to the respondent's own question set (claimed set)", `INSERT INTO answers (response_id, question_id, question_set_id, text, version, updated_by)
			VALUES ($1, $2, $3, 'x', 1, $4)`, []any{sp.ResponseID, qsv[2], sv.QuestionSetID, sp.ContributorID}},
		{"a state answers the States Parties' questions", `UPDATE respondents SET kind = 'state' WHERE id = $1`, []any{sv.RespondentID}},
	}
	for _, r := range rules {
		if _, err := st.Pool().Exec(ctx, r.sql, r.args...); err == nil {
			t.Errorf("%s: the database accepted a violation", r.name)
		}
	}
}

func TestRegisterLimitsEachAddress(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	in := store.NewRespondent{Consultation: slug2012, Audience: "survivors", Name: "Network", Country: "KH", From: "192.0.2.7"}
	for i := range store.RegistrationsPerHour {
		if _, err := st.Register(ctx, in); err != nil {
			t.Fatalf("registration %d: %v", i+1, err)
		}
	}
	_, err := st.Register(ctx, in)
	wantKind(t, err, store.KindRateLimited, "too_many_requests")
	in.From = "198.51.100.1"
	if _, err := st.Register(ctx, in); err != nil {
		t.Fatalf("another address: %v", err)
	}
}
