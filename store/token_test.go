package store_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// accessTokenFormat is seven groups of four symbols without look-alikes
// (no 0, O, 1, I or L): 140 bits.
var accessTokenFormat = regexp.MustCompile(`^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){6}$`)

func TestAccessTokenFormat(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	seen := map[string]bool{}
	for i := range 3 {
		acc, _ := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Org " + string(rune('A'+i)), Country: "KH"})
		if !accessTokenFormat.MatchString(acc.Token) {
			t.Fatalf("token %q is not seven groups of four typable symbols", acc.Token)
		}
		if seen[acc.Token] {
			t.Fatalf("token %q issued twice", acc.Token)
		}
		seen[acc.Token] = true
	}
	reg, err := st.Register(ctx, store.NewRespondent{Consultation: slug2012, Audience: "survivors", Kind: "organisation", Name: "Network", Country: "CO"})
	if err != nil {
		t.Fatal(err)
	}
	if !accessTokenFormat.MatchString(reg.Token) {
		t.Fatalf("registration token %q is not seven groups of four typable symbols", reg.Token)
	}
}

// A token is read as people type it: any case, with or without the dashes,
// with spaces between the groups.
func TestAccessTokenTypedAnyWay(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	acc, p := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Org", Country: "KH"})
	bare := strings.ReplaceAll(acc.Token, "-", "")
	for _, typed := range []string{
		acc.Token,
		strings.ToLower(acc.Token),
		bare,
		strings.ToLower(bare),
		strings.ReplaceAll(acc.Token, "-", " "),
		" " + strings.ReplaceAll(strings.ToLower(acc.Token), "-", " - ") + " ",
	} {
		got, err := st.Authenticate(ctx, typed)
		if err != nil {
			t.Fatalf("authenticate %q: %v", typed, err)
		}
		if got.ContributorID != p.ContributorID {
			t.Fatalf("authenticate %q = contributor %d, want %d", typed, got.ContributorID, p.ContributorID)
		}
	}
	for _, bad := range []string{
		bare[:27],                               // a symbol short
		bare + "2",                              // one too many
		"O" + bare[1:],                          // a look-alike the alphabet leaves out
		strings.Replace(bare, bare[:1], "_", 1), // not a symbol at all
		bare[:1] + "\x00" + bare[1:],            // a NUL
		strings.Repeat(" ", 200) + bare,
	} {
		_, err := st.Authenticate(ctx, bad)
		wantKind(t, err, store.KindUnauthorized, "invalid_token")
	}
	// Revoking accepts the same spellings.
	if _, err := st.RevokeAccessToken(ctx, strings.ToLower(bare), "cli"); err != nil {
		t.Fatalf("revoke lower-case token: %v", err)
	}
	_, err := st.Authenticate(ctx, acc.Token)
	wantKind(t, err, store.KindUnauthorized, "invalid_token")
}

// Links issued before the typable tokens (43 characters of URL-safe
// base64, stored as the hash of the token as it is) keep working, in
// their exact case only.
func TestOldAccessTokensStillValid(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	_, p := mustInvite(t, st, store.NewRespondent{Audience: "survivors", Name: "Org", Country: "KH"})
	b := make([]byte, 32)
	rand.Read(b)
	old := base64.RawURLEncoding.EncodeToString(b)
	if strings.ToLower(old) == old {
		old = "A" + old[1:]
	}
	sum := sha256.Sum256([]byte(old))
	if _, err := st.Pool().Exec(ctx, `UPDATE contributors SET token_hash = $2 WHERE id = $1`, p.ContributorID, sum[:]); err != nil {
		t.Fatal(err)
	}
	got, err := st.Authenticate(ctx, old)
	if err != nil {
		t.Fatalf("authenticate old-format token: %v", err)
	}
	if got.ContributorID != p.ContributorID {
		t.Fatalf("old token opens contributor %d, want %d", got.ContributorID, p.ContributorID)
	}
	_, session, err := st.StartSession(ctx, old)
	if err != nil || session == "" {
		t.Fatalf("start session with old token: %q, %v", session, err)
	}
	_, err = st.Authenticate(ctx, strings.ToLower(old))
	wantKind(t, err, store.KindUnauthorized, "invalid_token")
}
