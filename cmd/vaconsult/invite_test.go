package main_test

import (
	"strings"
	"testing"
)

// invite says to which respondent it added whom, refuses a second link for
// the same person, and replaces it with --reissue.
func TestInviteSaysWhatItDid(t *testing.T) {
	t.Parallel()
	dbURL := loaded(t)
	base := []string{"invite", "--consultation", "va-impact-2012", "--audience", "states-parties", "--country", "KH"}
	first := runCLI(t, dbURL, append(base, "--name", "Cambodia", "--contributor", "Sok Dara")...)
	if first.code != 0 || !strings.Contains(first.stderr, "invited Cambodia (KH, states-parties) with contributor Sok Dara") {
		t.Fatalf("first invite: exit %d\n%s", first.code, first.stderr)
	}
	second := runCLI(t, dbURL, append(base, "--name", "Kingdom of Cambodia")...)
	for _, want := range []string{"Cambodia (KH, states-parties) already exists", `no new respondent was made for --name "Kingdom of Cambodia"`,
		"added contributor Kingdom of Cambodia to Cambodia", "Access link of Kingdom of Cambodia for Cambodia"} {
		if !strings.Contains(second.stderr, want) {
			t.Errorf("invite of an existing State does not say %q:\n%s", want, second.stderr)
		}
	}
	again := runCLI(t, dbURL, append(base, "--name", "Cambodia", "--contributor", " sok dara ")...)
	wantRefusal(t, base, again, "Sok Dara already has a working access link for Cambodia", "--reissue", "--contributor")

	reissued := runCLI(t, dbURL, append(base, "--name", "Cambodia", "--contributor", "Sok Dara", "--reissue")...)
	if reissued.code != 0 || !strings.Contains(reissued.stderr, "revoked the earlier access link of Sok Dara") ||
		!strings.Contains(reissued.stderr, "Access link of Sok Dara for Cambodia") {
		t.Fatalf("reissue: exit %d\n%s", reissued.code, reissued.stderr)
	}
	if strings.TrimSpace(reissued.stdout) == strings.TrimSpace(first.stdout) || !strings.HasPrefix(reissued.stdout, "http://consult.test/r/") {
		t.Fatalf("reissue printed %q, want a new link", reissued.stdout)
	}
	old := strings.TrimSpace(first.stdout)
	if r := runCLI(t, dbURL, "revoke", old); r.code == 0 {
		t.Errorf("the link replaced by --reissue still worked: %s", r.stdout)
	}
	if n := count(t, dbURL, `SELECT count(*) FROM contributors WHERE revoked_at IS NULL`); n != 2 {
		t.Errorf("working links = %d, want 2 (Sok Dara's new one and Kingdom of Cambodia's)", n)
	}
}
