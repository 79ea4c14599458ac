package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// Inviting the same person twice for one respondent would leave two working
// links for one name, and no one would know which to revoke.
func TestInviteRefusesSecondContributorOfTheSameName(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	first, _ := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH", Contributor: "Sok Dara"})
	for _, name := range []string{"Sok Dara", "  sok dara ", "SOK DARA"} {
		_, err := st.Invite(context.Background(), store.NewRespondent{Consultation: slug2012,
			Audience: "states-parties", Name: "Kingdom of Cambodia", Country: "KH", Contributor: name})
		e := wantKind(t, err, store.KindConflict, "contributor_exists")
		if e.Data["contributor"] != "Sok Dara" || e.Data["respondent"] != "Cambodia" {
			t.Errorf("conflict data = %v, want the contributor and respondent named", e.Data)
		}
	}
	if _, err := st.Authenticate(context.Background(), first.Token); err != nil {
		t.Fatalf("a refused invitation broke the first link: %v", err)
	}
	// Another person of the same delegation is welcome.
	other, _ := mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Kingdom of Cambodia", Country: "KH", Contributor: "Chan"})
	if other.NewRespondent || other.Respondent.Name != "Cambodia" || other.Contributor.Name != "Chan" {
		t.Fatalf("second official: new %v, respondent %q, contributor %q; want Chan added to Cambodia",
			other.NewRespondent, other.Respondent.Name, other.Contributor.Name)
	}
}

// Reissue revokes the person's old link (audited) and gives a new one.
func TestInviteReissueRevokesTheOldLink(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	first, p1 := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Cambodian Survivors Network", Country: "KH", Contributor: "Sok Dara"})
	second, p2 := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "cambodian survivors network", Country: "KH",
		Contributor: "sok dara", Reissue: true})
	if second.Revoked == nil || second.Revoked.ID != p1.ContributorID {
		t.Fatalf("revoked = %+v, want contributor %d", second.Revoked, p1.ContributorID)
	}
	if second.NewRespondent || p2.RespondentID != p1.RespondentID {
		t.Fatalf("reissue made another respondent")
	}
	if _, err := st.Authenticate(ctx, first.Token); !errors.Is(err, store.ErrUnauthorized) {
		t.Fatalf("old link after reissue: %v, want it refused", err)
	}
	var n int
	err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'contributor.revoke'
		AND subject = $1 AND details->>'reissued_as' IS NOT NULL`, fmt.Sprintf("contributor:%d", p1.ContributorID)).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("audit entries for the revoked link = %d, want 1", n)
	}
	// A link revoked on its own may be replaced without --reissue.
	if _, err := st.RevokeAccessToken(ctx, second.Token, "cli"); err != nil {
		t.Fatal(err)
	}
	third, _ := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Cambodian Survivors Network", Country: "KH", Contributor: "Sok Dara"})
	if third.Revoked != nil {
		t.Fatalf("invitation after a revoke revoked %+v again", third.Revoked)
	}
}
