package main_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// invite --approver makes the contributor an approver and says so; a plain
// invite makes a drafter; an invitation list's approver column does the
// same, and a value it cannot read stops the import.
func TestInviteApprover(t *testing.T) {
	t.Parallel()
	dbURL := loaded(t)
	base := []string{"invite", "--consultation", "va-impact-2012", "--audience", "states-parties", "--country", "KH", "--name", "Cambodia"}
	r := runCLI(t, dbURL, append(base, "--contributor", "Sok Dara", "--approver")...)
	if r.code != 0 || !strings.Contains(r.stderr, "Sok Dara is an approver: only approvers may submit Cambodia's answers") {
		t.Fatalf("invite --approver: exit %d\n%s", r.code, r.stderr)
	}
	if r := runCLI(t, dbURL, append(base, "--contributor", "Chan Sophea")...); r.code != 0 || strings.Contains(r.stderr, "approver") {
		t.Fatalf("invite of a drafter: exit %d\n%s", r.code, r.stderr)
	}
	if got := approvers(t, dbURL); got != "Sok Dara" {
		t.Fatalf("approvers = %q, want Sok Dara alone", got)
	}

	list := filepath.Join(t.TempDir(), "list.csv")
	bad := "audience,name,country,contributor,approver\r\nsurvivors,Red CO,CO,Ana,maybe\r\n"
	if err := os.WriteFile(list, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	file := []string{"invite", "--consultation", "va-impact-2012", "--file", list, "--links-out", filepath.Join(t.TempDir(), "l.csv")}
	if r := runCLI(t, dbURL, file...); r.code == 0 || !strings.Contains(r.stderr, `approver must be yes, true, 1 or x for an approver`) {
		t.Fatalf("a list with approver \"maybe\": exit %d\n%s", r.code, r.stderr)
	}
	good := "audience,name,country,contributor,approver\r\nsurvivors,Red CO,CO,Ana,\r\nsurvivors,Red CO,CO,Luis,X\r\n" +
		"states-parties,Cambodia,KH,Ly Vanna,yes\r\n"
	if err := os.WriteFile(list, []byte(good), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, dbURL, file...); r.code != 0 {
		t.Fatalf("a list with an approver column: exit %d\n%s", r.code, r.stderr)
	}
	if got := approvers(t, dbURL); got != "Luis,Ly Vanna,Sok Dara" {
		t.Fatalf("approvers = %q, want Luis, Ly Vanna and Sok Dara", got)
	}
}

func approvers(t *testing.T, dbURL string) string {
	t.Helper()
	return text(t, dbURL, `SELECT string_agg(name, ',' ORDER BY name) FROM contributors WHERE approver`)
}

func text(t *testing.T, dbURL, sql string) string {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var s *string
	if err := conn.QueryRow(context.Background(), sql).Scan(&s); err != nil {
		t.Fatal(err)
	}
	if s == nil {
		return ""
	}
	return *s
}
